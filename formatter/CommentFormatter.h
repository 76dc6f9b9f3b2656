#pragma once
// CommentFormatter: an edit summary as the HTML MediaWiki puts in
// `parsedcomment` (spec 2.5): MediaWiki 1.39's CommentParser as called by
// Linker::formatComment, with the 1.39 or the current-master markup for
// section links. The "self" page is the change's title; links are relative
// to the wiki's article path.
//
// Page existence (red links, redirect classes) comes from a PageStore, asked
// once per comment for all its links. Everything else is pure: the
// formatter is immutable after construction and may be shared by threads
// when its PageStore may be (every PageStore must).
//
// Special: links are checked against siteinfo's specialpagealiases and
// written with the page's local name; without that list they are taken as
// existing and kept as written.
//
// Not reproduced: FormatAutocomments and link hooks of extensions, on-wiki
// message overrides, the "known system message" rule for MediaWiki: pages
// (existence comes from the page table only), files in foreign repositories
// and a custom $wgUploadPath (files are linked under $wgScriptPath/images),
// and the newest master's link for an empty section (T412472; its
// autocomment-top message is not in 1.39's i18n): the master profile renders
// "/* */" as master did before that change.

#include <memory>
#include <string>
#include <string_view>

#include "formatter/CommentMessages.h"
#include "formatter/FragmentEncoding.h"
#include "formatter/LinkTrail.h"
#include "formatter/PageStore.h"
#include "formatter/SpecialPages.h"
#include "formatter/TitleCodec.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {

enum class OutputProfile { MW139, Master };

class CommentFormatter {
 public:
  // `pages` null means AssumedPageStore(true). Throws std::invalid_argument
  // when the wiki's linktrail pattern cannot be used.
  CommentFormatter(WikiPtr wiki, OutputProfile profile, PageStorePtr pages = nullptr);

  // The self page is the change's page: its namespace and its title as in
  // the packet ("Talk:Foo"), taken as RecentChange::getTitle() does
  // (Title::makeTitle, no re-parsing). An empty title means no self page (no
  // section links, no subpages). Any bytes are accepted; the result is valid
  // UTF-8 when `comment` is.
  std::string format(std::string_view comment, int selfNamespace, std::string_view selfPrefixedText) const;

  const PageStore& pages() const { return *pages_; }

 private:
  struct Self;
  struct Output;

  std::string doSectionLinks(std::string_view text, const Self* self) const;
  void doWikiLinks(std::string_view text, const Self* self, Output& out) const;
  std::string sectionLink(const Self& self, std::string_view anchor, std::string_view html) const;
  ParsedTitle parseFileName(std::string_view name) const;

  WikiPtr wiki_;
  OutputProfile profile_;
  PageStorePtr pages_;
  TitleCodec codec_;
  std::shared_ptr<const LinkTrail> linkTrail_;
  std::shared_ptr<const SpecialPages> specialPages_;
  const CommentMessages* messages_;
  FragmentMode fragmentMode_ = FragmentMode::Html5;
  bool escapeSectionBrackets_ = true;  // from the MediaWiki release (T406664)
};

}  // namespace rcfeed
