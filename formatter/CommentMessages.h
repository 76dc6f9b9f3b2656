#pragma once
// CommentMessages: the interface messages comment formatting puts into
// parsedcomment, in the wiki's content language, as MediaWiki 1.39 ships
// them (languages/i18n/*.json with each language's fallback chain resolved;
// generated into CommentMessages.inc by tools/comment-messages.php).
//
// Every language MediaWiki 1.39 has a messages file for is covered. A code
// MediaWiki does not know gets English, as MediaWiki does. On-wiki overrides
// (pages in the MediaWiki: namespace) are not seen.

#include <string>
#include <string_view>

namespace rcfeed {

struct CommentMessages {
  std::string_view code;
  std::string_view colonSeparator;     // 'colon-separator', escaped
  std::string_view autocommentPrefix;  // 'autocomment-prefix', escaped
  std::string_view redLinkTitle;       // 'red-link-title', plain text with $1

  static const CommentMessages& forLanguage(std::string_view code);

  // 'red-link-title' with $1 = `prefixedText` (plain text, not escaped).
  std::string redLinkTitleFor(std::string_view prefixedText) const;
};

}  // namespace rcfeed
