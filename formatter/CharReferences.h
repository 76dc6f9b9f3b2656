#pragma once
// MediaWiki 1.39 Sanitizer::decodeCharReferences: named (HTML5 list plus
// MediaWiki's own aliases), decimal and hexadecimal character references
// become UTF-8. Stateless and thread-safe.

#include <string>
#include <string_view>

namespace rcfeed {

// "&eacute;", "&#233;" and "&#xE9;" all become "é". A reference to a code
// point HTML does not allow (controls, surrogates, U+FFFE, beyond U+10FFFF)
// becomes U+FFFD; an unknown name ("&foo;") and a bare '&' stay as they are.
// The reference must end in ';', as wikitext requires. Input bytes that are
// not part of a reference are copied unchanged, valid UTF-8 or not.
std::string decodeCharReferences(std::string_view text);

}  // namespace rcfeed
