#pragma once
// URL building the way MediaWiki's GlobalFunctions do it.

#include <string>
#include <string_view>

namespace rcfeed {

// PHP urlencode(): bytes outside [A-Za-z0-9_.-] become %XX (upper case),
// space becomes '+'.
void phpUrlencode(std::string& out, std::string_view s);

// wfUrlencode(): urlencode(), then ; @ $ ! * ( ) , / ~ : turned back into
// literals (spec 1.8.7). rcfeed assumes a non-IIS server, so ':' stays literal.
std::string wfUrlencode(std::string_view s);
// The same, appended to `out`.
void appendWfUrlencoded(std::string& out, std::string_view s);

// $wgArticlePath with $1 replaced by wfUrlencode(prefixedDbKey).
std::string articleUrl(std::string_view articlePath, std::string_view prefixedDbKey);

}  // namespace rcfeed
