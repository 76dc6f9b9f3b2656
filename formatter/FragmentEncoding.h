#pragma once
// How MediaWiki 1.39's Sanitizer turns a section name or title fragment into
// the part of a URL after '#' (escapeIdForLink, escapeIdForExternalInterwiki).

#include <string>
#include <string_view>

namespace rcfeed {

// $wgFragmentMode / $wgExternalInterwikiFragmentMode values.
enum class FragmentMode { Html5, Legacy };

// Sanitizer::escapeIdInternalUrl: the id cut to 1024 characters, then
//  - html5: TAB, LF, FF, CR and space become '_', and "%XX" becomes "%25XX";
//  - legacy: spaces become '_', the rest is urlencode()d, then "%3A" becomes
//    ':' and every other '%' becomes '.'.
std::string escapeIdForUrl(std::string_view id, FragmentMode mode);

}  // namespace rcfeed
