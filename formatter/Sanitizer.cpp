#include "formatter/Sanitizer.h"

#include "formatter/CharReferences.h"

namespace rcfeed {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool isTrail(unsigned char c) { return c >= 0x80 && c <= 0xBF; }
// A byte that may start a sequence (PHP's utf8_lead()).
bool isLead(unsigned char c) { return c < 0x80 || (c >= 0xC2 && c <= 0xF4); }

// Length of the valid UTF-8 sequence at s[i], or the negated number of bytes
// PHP's html.c get_next_char() skips as one invalid character.
int nextUtf8(std::string_view s, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const size_t avail = s.size() - i;
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  if (c < 0xC2) return -1;
  if (c < 0xE0) {
    if (avail < 2 || !isTrail(at(i + 1))) return (avail < 2 || isLead(at(i + 1))) ? -1 : -2;
    return 2;
  }
  if (c < 0xF0) {
    if (avail < 3 || !isTrail(at(i + 1)) || !isTrail(at(i + 2))) {
      if (avail < 2 || isLead(at(i + 1))) return -1;
      if (avail < 3 || isLead(at(i + 2))) return -2;
      return -3;
    }
    const unsigned cp = ((c & 0x0Fu) << 12) | ((at(i + 1) & 0x3Fu) << 6) | (at(i + 2) & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return -3;
    return 3;
  }
  if (c < 0xF5) {
    if (avail < 4 || !isTrail(at(i + 1)) || !isTrail(at(i + 2)) || !isTrail(at(i + 3))) {
      if (avail < 2 || isLead(at(i + 1))) return -1;
      if (avail < 3 || isLead(at(i + 2))) return -2;
      if (avail < 4 || isLead(at(i + 3))) return -3;
      return -4;
    }
    const unsigned cp = ((c & 0x07u) << 18) | ((at(i + 1) & 0x3Fu) << 12) | ((at(i + 2) & 0x3Fu) << 6) |
                        (at(i + 3) & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return -4;
    return 4;
  }
  return -1;
}

}  // namespace

void appendHtmlSpecialChars(std::string& out, std::string_view s) {
  // Every comment passes through here, often several times, so text that
  // stays as it is is copied in runs, not a character at a time.
  size_t run = 0, i = 0;
  auto flush = [&] { out.append(s, run, i - run); };
  while (i < s.size()) {
    const char c = s[i];
    std::string_view entity;
    switch (c) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#039;"; break;
      default: break;
    }
    if (!entity.empty()) {
      flush();
      out.append(entity);
      run = ++i;
      continue;
    }
    const int len = nextUtf8(s, i);
    if (len > 0) {
      i += static_cast<size_t>(len);
    } else {
      flush();
      out.append(kReplacement);
      i += static_cast<size_t>(-len);
      run = i;
    }
  }
  flush();
}

std::string escapeHtmlAllowEntities(std::string_view s) {
  const std::string decoded = decodeCharReferences(s);
  std::string escaped;
  escaped.reserve(decoded.size() + decoded.size() / 8);
  appendHtmlSpecialChars(escaped, decoded);
  // T387130: a combining long solidus would turn "&gt;" into a different
  // character when rendered after it.
  constexpr std::string_view kSolidus = "\xCC\xB8";
  if (escaped.find(kSolidus) == std::string::npos) return escaped;
  std::string out;
  out.reserve(escaped.size() + 16);
  size_t pos = 0;
  for (size_t hit; (hit = escaped.find(kSolidus, pos)) != std::string::npos; pos = hit + kSolidus.size()) {
    out.append(escaped, pos, hit - pos);
    out.append("&#x338;");
  }
  out.append(escaped, pos);
  return out;
}

void appendAttributeValue(std::string& out, std::string_view value) {
  const size_t start = out.size();
  appendHtmlSpecialChars(out, value);
  // htmlspecialchars leaves tabs and line breaks alone, so they are
  // encoded afterwards, and only when there are any.
  if (std::string_view(out).substr(start).find_first_of("\n\r\t") == std::string_view::npos) return;
  const std::string escaped = out.substr(start);
  out.resize(start);
  for (char c : escaped) {
    switch (c) {
      case '\n': out.append("&#10;"); break;
      case '\r': out.append("&#13;"); break;
      case '\t': out.append("&#9;"); break;
      default: out.push_back(c);
    }
  }
}

std::string normalizeSectionNameWhitespace(std::string_view section) {
  std::string collapsed;
  collapsed.reserve(section.size());
  for (size_t i = 0; i < section.size(); ++i) {
    if (section[i] == ' ' || section[i] == '_') {
      collapsed.push_back(' ');
      while (i + 1 < section.size() && (section[i + 1] == ' ' || section[i + 1] == '_')) ++i;
    } else {
      collapsed.push_back(section[i]);
    }
  }
  constexpr std::string_view kTrim(" \t\n\r\0\x0B", 6);
  const size_t b = collapsed.find_first_not_of(kTrim);
  if (b == std::string::npos) return {};
  const size_t e = collapsed.find_last_not_of(kTrim);
  return collapsed.substr(b, e - b + 1);
}

}  // namespace rcfeed
