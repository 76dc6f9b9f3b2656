#include "formatter/CommentMessages.h"

#include <algorithm>
#include <iterator>

namespace rcfeed {
namespace {

constexpr CommentMessages kMessages[] = {
#include "formatter/CommentMessages.inc"
};

const CommentMessages* find(std::string_view code) {
  auto it = std::lower_bound(std::begin(kMessages), std::end(kMessages), code,
                             [](const CommentMessages& m, std::string_view c) { return m.code < c; });
  return it != std::end(kMessages) && it->code == code ? &*it : nullptr;
}

}  // namespace

const CommentMessages& CommentMessages::forLanguage(std::string_view code) {
  if (const auto* m = find(code)) return *m;
  return *find("en");
}

std::string CommentMessages::redLinkTitleFor(std::string_view prefixedText) const {
  std::string out;
  out.reserve(redLinkTitle.size() + prefixedText.size());
  for (size_t i = 0; i < redLinkTitle.size(); ++i) {
    if (redLinkTitle[i] == '$' && i + 1 < redLinkTitle.size() && redLinkTitle[i + 1] == '1') {
      out.append(prefixedText);
      ++i;
    } else {
      out.push_back(redLinkTitle[i]);
    }
  }
  return out;
}

}  // namespace rcfeed
