#pragma once
// MediaWiki's database timestamps (TS_MW: "YYYYMMDDHHMMSS", UTC).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rcfeed {

// TS_MW to Unix seconds; empty when malformed.
std::optional<int64_t> parseMediaWikiTimestamp(std::string_view ts);

// TS_MW or ISO 8601 ("2026-12-04T19:28:12Z", an offset allowed) to TS_MW;
// empty when it is neither.
std::optional<std::string> toMediaWikiTimestamp(std::string_view ts);

}  // namespace rcfeed
