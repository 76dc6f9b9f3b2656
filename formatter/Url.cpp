#include "formatter/Url.h"

namespace rcfeed {

void phpUrlencode(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
        c == '-') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
}

std::string wfUrlencode(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    switch (c) {
      case ';': case '@': case '$': case '!': case '*': case '(': case ')':
      case ',': case '/': case '~': case ':':
        out.push_back(static_cast<char>(c));
        break;
      default:
        phpUrlencode(out, std::string_view(reinterpret_cast<const char*>(&c), 1));
    }
  }
  return out;
}

std::string articleUrl(std::string_view articlePath, std::string_view prefixedDbKey) {
  std::string out;
  const auto pos = articlePath.find("$1");
  if (pos == std::string_view::npos) return std::string(articlePath);
  out.reserve(articlePath.size() + prefixedDbKey.size() + 16);
  out.append(articlePath.substr(0, pos));
  out.append(wfUrlencode(prefixedDbKey));
  out.append(articlePath.substr(pos + 2));
  return out;
}

}  // namespace rcfeed
