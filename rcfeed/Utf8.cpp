#include "rcfeed/Utf8.h"

#include <cstring>

#include <unicode/utf8.h>

namespace rcfeed {

// ICU's U8_NEXT rejects overlongs, surrogates and values above U+10FFFF and
// steps over exactly one maximal ill-formed subpart, which is what both
// json_encode's validity test and UtfNormal's U+FFFD replacement need.

int decodeUtf8(const unsigned char* p, const unsigned char* end, char32_t& cp) {
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(end - p < 4 ? end - p : 4);
  UChar32 c;
  U8_NEXT(p, i, length, c);
  if (c < 0) return 0;
  cp = static_cast<char32_t>(c);
  return i;
}

bool isValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    // ASCII, the bulk of a feed line, is checked eight bytes at a time.
    uint64_t w;
    if (n - i >= 8 && (std::memcpy(&w, p + i, 8), (w & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

void appendUtf8(std::string& out, char32_t cp) {
  char buf[4];
  int32_t i = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), i, 4, static_cast<UChar32>(cp), err);
  if (!err) out.append(buf, i);
}

size_t scrubUtf8(std::string& s) {
  if (isValidUtf8(s)) return 0;
  std::string out;
  out.reserve(s.size() + 8);
  size_t count = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      appendUtf8(out, 0xFFFD);
      ++count;
    } else {
      out.append(reinterpret_cast<const char*>(p + start), i - start);
    }
  }
  s.swap(out);
  return count;
}

}  // namespace rcfeed
