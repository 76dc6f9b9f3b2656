#include "formatter/UtfNormal.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

namespace rcfeed {
namespace {

const std::string_view kReplacement = "\xEF\xBF\xBD";

const icu::Normalizer2* nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

bool isReplacedControl(unsigned char c) { return c <= 0x08 || c == 0x0b || c == 0x0c || (c >= 0x0e && c <= 0x1f); }

// Number of tail bytes UtfNormal expects after a head byte (it still
// accepts the old 5- and 6-byte forms syntactically, then rejects them).
int tailBytes(unsigned char c) {
  if (c < 0xc0) return 0;
  if (c < 0xe0) return 1;
  if (c < 0xf0) return 2;
  if (c < 0xf8) return 3;
  if (c < 0xfc) return 4;
  if (c < 0xfe) return 5;
  return 0;
}

// UtfNormal's checks on a syntactically complete sequence; the string
// comparisons are the ones Validator::quickIsNFCVerify makes.
bool sequenceAllowed(std::string_view seq) {
  const auto head = static_cast<unsigned char>(seq[0]);
  if (head == 0xed) return seq < std::string_view("\xed\xa0\x80");  // surrogates
  if (head < 0xc2) return seq > std::string_view("\xc1\xbf");       // over-long 2-byte
  if (head == 0xe0) return seq > std::string_view("\xe0\x9f\xbf");
  if (head == 0xef) return seq != std::string_view("\xef\xbf\xbe") && seq != std::string_view("\xef\xbf\xbf");
  if (head >= 0xf0) {
    if (head == 0xf0 && seq <= std::string_view("\xf0\x8f\xbf\xbf")) return false;
    return seq <= std::string_view("\xf4\x8f\xbf\xbf");
  }
  return true;
}

// Validator::quickIsNFCVerify's repair pass, plus replaceForNativeNormalize.
std::string repair(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (isReplacedControl(c)) out.append(kReplacement);
      else out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const int tails = tailBytes(c);
    if (tails == 0) {  // a stray tail byte or 0xfe/0xff
      out.append(kReplacement);
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && j - i <= static_cast<size_t>(tails) && (static_cast<unsigned char>(s[j]) & 0xc0) == 0x80) ++j;
    if (j - i != static_cast<size_t>(tails) + 1) {
      // Truncated: one U+FFFD for what was read; the next byte is looked at afresh.
      out.append(kReplacement);
      i = j;
      continue;
    }
    const std::string_view seq = s.substr(i, j - i);
    if (sequenceAllowed(seq)) out.append(seq);
    else out.append(kReplacement);
    i = j;
  }
  return out;
}

}  // namespace

std::string toNFC(std::string_view text) {
  const icu::Normalizer2* n = nfc();
  if (!n) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (n->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  icu::StringByteSink<std::string> sink(&out);
  status = U_ZERO_ERROR;
  n->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(text);
  return out;
}

bool isNFC(std::string_view text) {
  const icu::Normalizer2* n = nfc();
  if (!n) return true;
  UErrorCode status = U_ZERO_ERROR;
  const bool normalized =
      n->isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status);
  return U_SUCCESS(status) && normalized;
}

std::string utfNormalCleanUp(std::string_view text) { return toNFC(repair(text)); }

}  // namespace rcfeed
