#pragma once
// CommentFormatter: an edit summary as the HTML MediaWiki puts in
// `parsedcomment` (spec 2.5). The "self" page is the change's title; links are
// relative to the wiki's article path.

#include <string>
#include <string_view>

#include "rcfeed/Wiki.h"

namespace rcfeed {

enum class OutputProfile { MW139, Master };

class CommentFormatter {
 public:
  CommentFormatter(WikiPtr wiki, OutputProfile profile) : wiki_(std::move(wiki)), profile_(profile) {}

  // `selfPrefixedText` is the change's title as in the packet ("Talk:Foo").
  std::string format(std::string_view comment, int64_t selfNamespace, std::string_view selfPrefixedText) const;

 private:
  WikiPtr wiki_;
  OutputProfile profile_;
};

}  // namespace rcfeed
