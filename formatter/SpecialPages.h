#pragma once
// SpecialPages: which special pages a wiki has and what they are called in
// its content language, from siteinfo's specialpagealiases, as MediaWiki
// 1.39's SpecialPageFactory resolves them (aliases matched after upper-
// casing, the first alias used in links). Immutable; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "formatter/LanguageCase.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {

class SpecialPages {
 public:
  explicit SpecialPages(const Wiki& wiki);

  // False when the siteinfo had no specialpagealiases: nothing can be
  // resolved then.
  bool listed() const { return !aliases_.empty(); }

  // resolveAlias + getLocalNameFor: the DB key of a Special: title
  // ("contribs/Bob") as MediaWiki links it ("Contributions/Bob"), or nullopt
  // when no special page has that name.
  std::optional<std::string> localDbKey(std::string_view dbkey) const;

  // getLocalNameFor(name): the name links use for the canonical `name`.
  std::string localName(std::string_view name) const;

 private:
  std::unordered_map<std::string, std::string> aliases_;  // uc(alias or name), underscored -> name
  std::unordered_map<std::string, std::string> local_;    // name -> first alias mapping back to it
  LanguageCase language_;
};

}  // namespace rcfeed
