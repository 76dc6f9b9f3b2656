#pragma once
// TitleCodec: MediaWiki 1.39's title parsing and rendering for one wiki
// (TitleParser/MediaWikiTitleCodec, Title::getPrefixedText and friends).
// Immutable after construction; safe to share between threads.

#include <string>
#include <string_view>

#include "rcfeed/Wiki.h"

namespace rcfeed {

struct ParsedTitle {
  bool valid = false;
  std::string error;       // MalformedTitleException key ("title-invalid-characters"), "" when valid
  std::string interwiki;   // lower-case prefix, "" for local titles
  int ns = 0;
  std::string dbkey;       // without namespace, underscores
  std::string fragment;    // without '#', spaces (as Title::getFragment)
};

class TitleCodec {
 public:
  explicit TitleCodec(WikiPtr wiki);

  // Title::newFromText($text, $defaultNamespace): the exact bytes, no NFC.
  ParsedTitle parse(std::string_view text, int defaultNamespace = 0) const;

  // What WebRequest does to a request parameter first: NFC, and invalid
  // UTF-8 / disallowed characters replaced by U+FFFD (UtfNormal cleanUp).
  static std::string webCleanUp(std::string_view text);

  std::string prefixedText(const ParsedTitle& t) const;   // "Talk:Foo bar"
  std::string prefixedDbKey(const ParsedTitle& t) const;  // "Talk:Foo_bar"
  std::string canonicalUrl(const ParsedTitle& t) const;   // with fragment, from the article path
  std::string localUrl(const ParsedTitle& t) const;       // "/wiki/Talk:Foo_bar"

  const Wiki& wiki() const { return *wiki_; }

 private:
  WikiPtr wiki_;
};

}  // namespace rcfeed
