#pragma once
// Identifiers in the event's meta block.

#include <string>

#include "rcfeed/RecentChange.h"

namespace rcfeed {

// meta.id: a UUID version 5 of the wiki id and the change's rc_id (or its
// log_id when the change has no row), so that a change sent twice by
// at-least-once delivery carries the same id both times and consumers can
// drop the repeat. A change with neither id gets a random version 4 UUID,
// which is what EventBus always sends.
std::string eventId(const std::string& wikiId, const RecentChange& rc);

// The name hashed into the version 5 UUID: "<wiki>/rc/<rc_id>" or "<wiki>/log/<log_id>".
std::string eventIdName(const std::string& wikiId, const RecentChange& rc);

// meta.request_id: 24 random lower-case hex characters (WebRequest::getRequestId).
std::string newRequestId();

// ISO 8601 UTC with second precision and a Z, as [1.39] meta.dt.
std::string isoTimestamp(int64_t unixSeconds);

}  // namespace rcfeed
