#include "formatter/CharReferences.h"

#include "formatter/HtmlEntities.h"
#include "rcfeed/Utf8.h"

namespace rcfeed {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool isNameByte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

int hexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Sanitizer::validateCodepoint: what HTML5 and XML both allow.
bool validCodepoint(uint64_t c) {
  return c == 0x09 || c == 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) ||
         (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

void appendCodepoint(std::string& out, uint64_t c) {
  appendUtf8(out, validCodepoint(c) ? static_cast<char32_t>(c) : kReplacement);
}

// Sanitizer::MW_ENTITY_ALIASES: Hebrew and Arabic spellings of &rlm;.
std::string_view entityAlias(std::string_view name) {
  if (name == "\xD7\xA8\xD7\x9C\xD7\x9E" || name == "\xD8\xB1\xD9\x84\xD9\x85") return "rlm";
  return name;
}

}  // namespace

std::string decodeCharReferences(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, amp - i));
    size_t j = amp + 1;
    // &name;
    while (j < n && isNameByte(static_cast<unsigned char>(text[j]))) ++j;
    if (j > amp + 1 && j < n && text[j] == ';') {
      const std::string_view name = text.substr(amp + 1, j - amp - 1);
      const std::string_view decoded = lookupHtmlEntity(entityAlias(name));
      if (!decoded.empty()) out.append(decoded);
      else out.append(text.substr(amp, j + 1 - amp));
      i = j + 1;
      continue;
    }
    if (amp + 1 < n && text[amp + 1] == '#') {
      // &#123; — PHP's intval() saturates, so a huge number is simply invalid.
      j = amp + 2;
      uint64_t value = 0;
      while (j < n && isDigit(static_cast<unsigned char>(text[j]))) {
        value = value > 0x10FFFF ? value : value * 10 + (text[j] - '0');
        ++j;
      }
      if (j > amp + 2 && j < n && text[j] == ';') {
        appendCodepoint(out, value);
        i = j + 1;
        continue;
      }
      // &#x7B;
      if (amp + 2 < n && (text[amp + 2] == 'x' || text[amp + 2] == 'X')) {
        j = amp + 3;
        value = 0;
        int h;
        while (j < n && (h = hexValue(static_cast<unsigned char>(text[j]))) >= 0) {
          value = value > 0x10FFFF ? value : value * 16 + static_cast<uint64_t>(h);
          ++j;
        }
        if (j > amp + 3 && j < n && text[j] == ';') {
          appendCodepoint(out, value);
          i = j + 1;
          continue;
        }
      }
    }
    out.push_back('&');
    i = amp + 1;
  }
  return out;
}

}  // namespace rcfeed
