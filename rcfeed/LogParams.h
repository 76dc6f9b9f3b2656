#pragma once
// The packet's `log_params` from a row's rc_params, as MediaWiki's
// MachineReadableRCFeedFormatter derives it (spec 1.8.5).

#include <optional>
#include <string>
#include <string_view>

#include "rcfeed/PhpValue.h"

namespace rcfeed {

// Empty result: rc_params is PHP-falsy (NULL, "" or "0"), so the packet has
// no log_params key. Otherwise:
//  - a serialized value (or exactly "b:0;") is iterated as a map, keys such
//    as "4::target" shortened to their third ':'-separated part ("target"),
//    a key with a single ':' becoming "" and later duplicates overwriting
//    earlier ones; a value that is not an array yields an empty array;
//  - anything else is a legacy blob: its '\n'-separated parts as a list.
// rcfeed's reader refuses serialized objects and references that PHP would
// accept (see PhpUnserialize.h); such a blob is treated as legacy text.
std::optional<PhpValue> logParamsFromRcParams(const std::optional<std::string>& rcParams);

// The key rewriting of the rule above, for one string key.
std::string logParamKey(std::string_view key);

}  // namespace rcfeed
