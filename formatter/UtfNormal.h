#pragma once
// UtfNormal\Validator::cleanUp as MediaWiki 1.39 runs it (with PHP intl):
// what WebRequest does to every request parameter and what
// Language::normalize does. Thread-safe.

#include <string>
#include <string_view>

namespace rcfeed {

// Returns valid UTF-8 in NFC. C0 controls other than TAB, LF and CR,
// U+FFFE, U+FFFF and every invalid byte sequence become U+FFFD, with
// UtfNormal's rule for how many bytes one U+FFFD replaces (a whole
// surrogate or over-long sequence is one U+FFFD, unlike ICU's per-subpart rule).
std::string utfNormalCleanUp(std::string_view text);

// NFC of text that is already valid UTF-8 (invalid input is returned as is).
std::string toNFC(std::string_view text);

// Whether valid UTF-8 `text` is in NFC.
bool isNFC(std::string_view text);

}  // namespace rcfeed
