#include "formatter/Url.h"

#include <array>

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
  appendWfUrlencoded(out, s);
  return out;
}

void appendWfUrlencoded(std::string& out, std::string_view s) {
  // Every page URL in an event goes through here, so the byte classes are a
  // table rather than a test per byte.
  static const auto literal = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
      t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
             c == '-';
    for (unsigned char c : std::string_view(";@$!*(),/~:")) t[c] = true;
    return t;
  }();
  out.reserve(out.size() + s.size() + 8);
  const char* run = s.data();
  for (const char* p = s.data(), *end = p + s.size();; ++p) {
    if (p != end && literal[static_cast<unsigned char>(*p)]) continue;
    out.append(run, p);
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p);
    const char encoded[3] = {'%', "0123456789ABCDEF"[c >> 4], "0123456789ABCDEF"[c & 0xF]};
    if (c == ' ') out.push_back('+');
    else out.append(encoded, 3);
    run = p + 1;
  }
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
