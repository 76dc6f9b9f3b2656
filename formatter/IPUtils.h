#pragma once
// Wikimedia\IPUtils (the version MediaWiki 1.39 ships) as title parsing
// uses it: IP addresses as user names are kept in one canonical form.

#include <string>
#include <string_view>

namespace rcfeed {

// IPUtils::isIPAddress: an IPv4 or IPv6 address, optionally with a CIDR
// prefix, in exactly the forms IPUtils' regular expressions accept.
bool isIPAddress(std::string_view s);

// IPUtils::sanitizeIP: leading zeros dropped from IPv4 octets; IPv6 upper
// case with "::" expanded and leading zeros dropped. Anything that is not an
// IP address is returned trimmed but otherwise unchanged.
std::string sanitizeIP(std::string_view s);

}  // namespace rcfeed
