#pragma once
// TitleCodec: MediaWiki 1.39's title parsing and rendering for one wiki
// (TitleParser/MediaWikiTitleCodec, Title::getPrefixedText and friends).
// Immutable after construction; safe to share between threads.

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_map>

#include "formatter/FragmentEncoding.h"
#include "formatter/LanguageCase.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {

struct ParsedTitle {
  bool valid = false;
  std::string error;       // MalformedTitleException key ("title-invalid-characters"), "" when valid
  std::string interwiki;   // lower-case prefix, "" for local titles
  int ns = 0;
  std::string dbkey;       // without namespace, underscores
  std::string fragment;    // without '#', spaces (as Title::getFragment)
  bool operator==(const ParsedTitle&) const = default;
};

class TitleCodec {
 public:
  explicit TitleCodec(WikiPtr wiki);

  // Title::newFromText($text, $defaultNamespace): the exact bytes, no NFC
  // (only text with a character reference or '&' is decoded and NFC'd, as
  // MediaWiki does). Never throws; a bad title comes back with valid=false
  // and MediaWiki's message key in `error`.
  ParsedTitle parse(std::string_view text, int defaultNamespace = 0) const;

  // Title::makeTitle: a title from parts already in DB-key form (a row's
  // rc_namespace and rc_title), with no normalisation and no checks, so an
  // old row keeps the exact key MediaWiki stored.
  static ParsedTitle makeTitle(int ns, std::string_view dbkey, std::string_view fragment = {},
                               std::string_view interwiki = {});

  // What WebRequest does to a request parameter first: NFC, and invalid
  // UTF-8 / disallowed characters replaced by U+FFFD (UtfNormal cleanUp).
  static std::string webCleanUp(std::string_view text);

  // The renderers return "" for an invalid title.
  std::string prefixedText(const ParsedTitle& t) const;   // "Talk:Foo bar"
  std::string prefixedDbKey(const ParsedTitle& t) const;  // "Talk:Foo_bar"
  std::string text(const ParsedTitle& t) const;           // Title::getText: "Foo bar"
  std::string canonicalUrl(const ParsedTitle& t) const;   // with fragment, from the article path
  std::string localUrl(const ParsedTitle& t) const;       // "/wiki/Talk:Foo_bar"

  const Wiki& wiki() const { return *wiki_; }

 private:
  // Language::getNsIndex: a namespace name, canonical name or alias, any case.
  // Returns false when `name` (underscored) names no namespace.
  bool namespaceIndex(std::string_view name, int& ns) const;
  const Interwiki* interwiki(std::string_view prefix) const;
  ParsedTitle split(std::string_view text, int defaultNamespace, int depth) const;
  std::string nsText(const ParsedTitle& t) const;  // underscored, "" for the main namespace
  std::string fragmentForUrl(const ParsedTitle& t) const;

  WikiPtr wiki_;
  LanguageCase language_;
  std::unordered_map<std::string, int> canonicalIndex_;  // strtolower(canonical name)
  std::unordered_map<std::string, int> namespaceIds_;    // lc(local name or alias)
  std::bitset<256> legalBytes_;                          // $wgLegalTitleChars
  FragmentMode fragmentMode_;
};

}  // namespace rcfeed
