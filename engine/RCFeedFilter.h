#pragma once
// Which changes an RCFeeds entry leaves out (spec 1.4): the global
// suppression of rc_deleted != 0 rows, rc_type 5 (external), and the feed's
// omit_bots / omit_anon / omit_user / omit_minor / omit_patrolled options.
//
// omit_anon and omit_user need to know whether the performer is a
// registered user. A DB-fed change knows (actor_user); a UDP- or replay-fed
// change does not, since the packet has only the name. Then the name
// decides as MediaWiki 1.39 names actors: an IP address, or an imported
// "prefix>Name", is not registered; any other name is (temporary accounts
// of newer MediaWiki count as registered there too).
//
// omit_patrolled sees rc_patrolled only where the change carries it: DB rows
// always, packets only for edits and creations (log and categorize rows,
// normally autopatrolled, then pass).

#include <string_view>

#include "rcfeed/Config.h"
#include "rcfeed/RecentChange.h"

namespace rcfeed {

enum class FilterVerdict {
  Send,
  Suppressed,  // rc_deleted != 0: never sent to any feed
  External,    // rc_type 5
  Bot,         // omit_bots
  Anon,        // omit_anon
  User,        // omit_user
  Minor,       // omit_minor
  Patrolled,   // omit_patrolled (patrolled or autopatrolled)
};

std::string_view filterVerdictName(FilterVerdict v);

FilterVerdict filterChange(const RCFeedConfig& feed, const RecentChange& rc);

// The rule above, for a change without actor_user.
bool isRegisteredName(std::string_view user);

}  // namespace rcfeed
