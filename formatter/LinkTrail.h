#pragma once
// LinkTrail: a wiki language's link trail ($linkTrail, siteinfo `linktrail`),
// the letters after "]]" that MediaWiki glues into the link text
// ([[Main Page]]s -> "Main Pages").
//
// MediaWiki gives a PCRE literal ("/^([a-z]+)(.*)$/sD"); it is compiled once
// with ICU's regular expressions. Supported flags: s i x m u D (D is implied
// for the "(.*)$" tail every shipped pattern ends with). ICU always matches
// code points; PCRE without 'u' matches bytes, which differs only for a
// non-ASCII pattern without 'u' (MediaWiki 1.39 ships none). Immutable after
// construction; match() is safe to call from several threads.

#include <memory>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace rcfeed {

class LinkTrail {
 public:
  // Throws std::invalid_argument naming the pattern and what is wrong with it.
  explicit LinkTrail(std::string_view pcreLiteral);
  ~LinkTrail();
  LinkTrail(const LinkTrail&) = delete;
  LinkTrail& operator=(const LinkTrail&) = delete;

  // preg_match($linkTrail, $text): false when it does not match; otherwise
  // `inside` is capture group 1 and `rest` group 2 (empty when absent).
  bool match(std::string_view text, std::string& inside, std::string& rest) const;

 private:
  std::unique_ptr<icu::RegexPattern> pattern_;
};

}  // namespace rcfeed
