#pragma once
// The named character references of HTML5 (the WHATWG list, as MediaWiki
// 1.39 takes it from RemexHtml's HTMLData), for Sanitizer-style decoding.

#include <string_view>

namespace rcfeed {

// The UTF-8 text of the entity `name` (without '&' and ';', case-sensitive:
// "eacute" -> "é"), or an empty view if HTML5 does not define it.
// The returned view points at static storage.
std::string_view lookupHtmlEntity(std::string_view name);

}  // namespace rcfeed
