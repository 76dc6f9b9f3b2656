#pragma once
// The case mappings MediaWiki 1.39's Language class applies to titles:
// ucfirst (first-letter capitalisation) and lc (namespace and interwiki
// matching), as PHP 8.2's mbstring computes them. Immutable; thread-safe.

#include <string>
#include <string_view>

namespace rcfeed {

class LanguageCase {
 public:
  // `languageCode` is the content language (siteinfo general.lang).
  explicit LanguageCase(std::string_view languageCode);

  // Language::ucfirst: the first character of valid UTF-8 `s` upper-cased
  // with the full mapping (ß -> SS, ǆ -> Ǆ, ŉ -> ʼN), the rest unchanged.
  // Turkish, Azerbaijani and Karakalpak map i to İ.
  std::string ucfirst(std::string_view s) const;

  // Language::lc: full lower-case mapping of every character of valid
  // UTF-8 `s`, character by character (no final-sigma rule, no locale:
  // MediaWiki does not override lc for any language).
  std::string lc(std::string_view s) const;

 private:
  bool dottedCapitalI_ = false;  // i -> İ (ı -> I is the default mapping anyway)
};

}  // namespace rcfeed
