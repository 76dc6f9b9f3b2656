#pragma once
// One datagram of MediaWiki's UDP RC feed (UDPRCFeedEngine, spec 1.6) with
// a JSONRCFeedFormatter line in it.
//
// MediaWiki sends `{json}` when the feed URI has no prefix, and
// `PREFIX {json}\n` when it has one (udp://host:port/PREFIX). It truncates
// the payload byte-wise to 65507 bytes, so a change too large for one
// datagram arrives as cut-off JSON and is refused as malformed.

#include <string>
#include <string_view>

#include "rcfeed/JsonRCFeedLine.h"
#include "rcfeed/RecentChange.h"

namespace rcfeed {

// The largest payload MediaWiki sends (an IPv4 UDP datagram's maximum).
constexpr size_t kMaxUdpPayload = 65507;

// The JSON line inside a datagram: the payload without its prefix and
// trailing newline. Returns false with `error` set when there is none
// (empty, oversize, or a prefix with nothing after it).
bool extractRCFeedLine(std::string_view payload, std::string_view& line, std::string& error);

// extractRCFeedLine, then readJsonRCFeedLine. On failure `error` says why in
// a few words, without the payload (see describeDatagram).
LineReadResult readUdpDatagram(std::string_view payload, RecentChange& rc);

// For error logs: the payload's first bytes (at most 64, non-printable bytes
// as \xNN) and the sender, e.g. `first bytes "rc {\"id\":1" from 127.0.0.1:4711`.
std::string describeDatagram(std::string_view payload, std::string_view sender);

}  // namespace rcfeed
