#pragma once
// Strict UTF-8 decoding (no overlongs, no surrogates, nothing above U+10FFFF),
// the rules PHP's json_encode and MediaWiki's UtfNormal apply.

#include <string>
#include <string_view>

namespace rcfeed {

// Decodes one code point at p; returns its length in bytes, or 0 if the bytes
// at p do not start a valid sequence.
int decodeUtf8(const unsigned char* p, const unsigned char* end, char32_t& cp);

bool isValidUtf8(std::string_view s);

// Replaces every invalid sequence with U+FFFD (one per maximal invalid
// subpart, as ICU and WHATWG do). Returns how many replacements were made.
size_t scrubUtf8(std::string& s);

void appendUtf8(std::string& out, char32_t cp);

}  // namespace rcfeed
