#include "formatter/LanguageCase.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "rcfeed/Utf8.h"

namespace rcfeed {
namespace {

// mb_strtoupper / mb_strtolower of one character. PHP 8.2's full case
// mapping per character agrees with ICU 72's root-locale mapping of a lone
// code point for every code point (compared exhaustively), so ICU supplies it.
void appendMapped(std::string& out, UChar32 c, bool upper) {
  UChar src[2];
  int32_t n = 0;
  U16_APPEND_UNSAFE(src, n, c);
  UChar dst[8];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t len = upper ? u_strToUpper(dst, 8, src, n, "", &status) : u_strToLower(dst, 8, src, n, "", &status);
  if (U_FAILURE(status)) {
    appendUtf8(out, static_cast<char32_t>(c));
    return;
  }
  for (int32_t i = 0; i < len;) {
    UChar32 m;
    U16_NEXT(dst, i, len, m);
    appendUtf8(out, static_cast<char32_t>(m));
  }
}

}  // namespace

LanguageCase::LanguageCase(std::string_view code) {
  // LanguageTr, LanguageAz and LanguageKaa override ucfirst for 'i'.
  dottedCapitalI_ = code == "tr" || code == "az" || code == "kaa";
}

std::string LanguageCase::ucfirst(std::string_view s) const {
  if (s.empty()) return {};
  const auto first = static_cast<unsigned char>(s[0]);
  if (first == 'i' && dottedCapitalI_) return "\xC4\xB0" + std::string(s.substr(1));
  // Language::ucfirst: bytes below 0x60 are taken as upper case or uncased,
  // the rest of ASCII goes through PHP's byte-wise ucfirst.
  if (first < 0x60) return std::string(s);
  if (first < 0x80) {
    std::string out(s);
    if (first >= 'a' && first <= 'z') out[0] = static_cast<char>(first - 'a' + 'A');
    return out;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  if (c < 0) return std::string(s);
  std::string out;
  out.reserve(s.size() + 4);
  appendMapped(out, c, true);
  out.append(s.substr(static_cast<size_t>(i)));
  return out;
}

std::string LanguageCase::lc(std::string_view s) const {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      const char c = static_cast<char>(p[i]);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) out.append(reinterpret_cast<const char*>(p + start), static_cast<size_t>(i - start));
    else appendMapped(out, c, false);
  }
  return out;
}

}  // namespace rcfeed
