#include "formatter/CommentFormatter.h"

namespace rcfeed {

std::string CommentFormatter::format(std::string_view comment, int64_t, std::string_view) const {
  // Sanitizer step of spec 2.5: newlines and ESC become spaces, then the
  // HTML-special characters are escaped.
  std::string out;
  out.reserve(comment.size() + 16);
  for (char c : comment) {
    switch (c) {
      case '\n': case '\x1B': out.push_back(' '); break;
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&#039;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace rcfeed
