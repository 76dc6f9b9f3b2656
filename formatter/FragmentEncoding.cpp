#include "formatter/FragmentEncoding.h"

#include "formatter/Url.h"

namespace rcfeed {
namespace {

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// mb_substr($id, 0, 1024): counts characters, not bytes.
std::string_view firstCharacters(std::string_view s, size_t count) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == count) return s.substr(0, i);
      ++chars;
    }
  }
  return s;
}

}  // namespace

std::string escapeIdForUrl(std::string_view input, FragmentMode mode) {
  const std::string_view id = firstCharacters(input, 1024);
  std::string out;
  out.reserve(id.size() + 8);
  if (mode == FragmentMode::Html5) {
    for (size_t i = 0; i < id.size(); ++i) {
      const char c = id[i];
      if (c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ') {
        out.push_back('_');
      } else if (c == '%' && i + 2 < id.size() && isHex(id[i + 1]) && isHex(id[i + 2])) {
        out.append("%25");
      } else {
        out.push_back(c);
      }
    }
    return out;
  }
  std::string underscored(id);
  for (char& c : underscored)
    if (c == ' ') c = '_';
  std::string encoded;
  phpUrlencode(encoded, underscored);
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out.push_back(encoded[i]);
    } else if (encoded.compare(i, 3, "%3A") == 0) {
      out.push_back(':');
      i += 2;
    } else {
      out.push_back('.');
    }
  }
  return out;
}

}  // namespace rcfeed
