#pragma once
// The parts of MediaWiki 1.39's Sanitizer and Html classes that comment
// formatting needs: escaping text and attribute values, and turning section
// names into their normal form. Pure functions; safe from any thread.

#include <string>
#include <string_view>

namespace rcfeed {

// PHP htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE): & < > " ' escaped,
// each invalid UTF-8 sequence replaced by U+FFFD the way PHP splits them.
void appendHtmlSpecialChars(std::string& out, std::string_view s);

// Sanitizer::escapeHtmlAllowEntities: character references decoded, the
// result escaped, and U+0338 written as &#x338; (it would combine with a
// preceding '>' otherwise).
std::string escapeHtmlAllowEntities(std::string_view s);

// Html::expandAttributes' value encoding: htmlspecialchars(ENT_QUOTES) and
// TAB/LF/CR as numeric references.
void appendAttributeValue(std::string& out, std::string_view value);

// Sanitizer::normalizeSectionNameWhitespace: runs of ' ' and '_' become one
// space, then the ends are trimmed (PHP trim(): " \t\n\r\0\x0B").
std::string normalizeSectionNameWhitespace(std::string_view section);

}  // namespace rcfeed
