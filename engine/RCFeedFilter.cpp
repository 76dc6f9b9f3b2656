#include "engine/RCFeedFilter.h"

#include <string>

#include <Poco/Net/IPAddress.h>

namespace rcfeed {

std::string_view filterVerdictName(FilterVerdict v) {
  switch (v) {
    case FilterVerdict::Send: return "send";
    case FilterVerdict::Suppressed: return "suppressed (rc_deleted)";
    case FilterVerdict::External: return "external (rc_type 5)";
    case FilterVerdict::Bot: return "omit_bots";
    case FilterVerdict::Anon: return "omit_anon";
    case FilterVerdict::User: return "omit_user";
    case FilterVerdict::Minor: return "omit_minor";
    case FilterVerdict::Patrolled: return "omit_patrolled";
  }
  return "?";
}

bool isRegisteredName(std::string_view user) {
  if (user.find('>') != std::string_view::npos) return false;
  Poco::Net::IPAddress ip;
  return !Poco::Net::IPAddress::tryParse(std::string(user), ip);
}

FilterVerdict filterChange(const RCFeedConfig& feed, const RecentChange& rc) {
  if (rc.deleted != 0) return FilterVerdict::Suppressed;
  if (rc.rcType == RC_EXTERNAL) return FilterVerdict::External;
  if (feed.omitBots && rc.bot) return FilterVerdict::Bot;
  if (feed.omitAnon || feed.omitUser) {
    const bool registered = rc.registered ? *rc.registered : isRegisteredName(rc.user);
    if (feed.omitAnon && !registered) return FilterVerdict::Anon;
    if (feed.omitUser && registered) return FilterVerdict::User;
  }
  if (feed.omitMinor && rc.minor) return FilterVerdict::Minor;
  if (feed.omitPatrolled && rc.patrolled.value_or(false)) return FilterVerdict::Patrolled;
  return FilterVerdict::Send;
}

}  // namespace rcfeed
