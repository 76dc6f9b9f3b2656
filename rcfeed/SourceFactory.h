#pragma once
// The registry of source types: the `source.type` of an RCFeeds entry
// ("udp", "db") names the Source class that feeds it, the way MediaWiki's
// RCFeed::factory resolves an entry's class.

#include <memory>

#include "rcfeed/Config.h"
#include "rcfeed/DbTailSource.h"
#include "rcfeed/Source.h"

namespace rcfeed {

// Builds the live source of `feed`. `start` overrides where a DB tail begins
// (rcfeed run --from-start / --since-id / --since); `once` makes a DB tail
// end at the table's current end (a UDP feed has no end: an error). Throws std::runtime_error
// naming the feed when the source cannot be opened, or when the feed's source
// type has no live reader (replay feeds are for `rcfeed replay`).
std::unique_ptr<Source> makeSource(const RCFeedConfig& feed, const DbTailStart& start, bool once = false);

}  // namespace rcfeed
