// --from-start, --since-id N, --since TIME: where a DB tail starts instead
// of its checkpoint (rcfeed tail, rcfeed run).

#include <charconv>

#include "rcfeed/cli/Args.h"
#include "rcfeed/MediaWikiTimestamp.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {

DbTailStart dbTailStartFromArgs(const Args& args) {
  DbTailStart start;
  int given = 0;
  if (args.flag("--from-start")) {
    start.kind = DbTailStart::Kind::FromStart;
    ++given;
  }
  if (auto id = args.value("--since-id")) {
    int64_t v = -1;
    auto r = std::from_chars(id->data(), id->data() + id->size(), v);
    if (r.ec != std::errc() || r.ptr != id->data() + id->size() || v < 0)
      throw UsageError("--since-id needs a non-negative integer, not '" + *id + "'");
    start.kind = DbTailStart::Kind::SinceId;
    start.id = v;
    ++given;
  }
  if (auto ts = args.value("--since")) {
    if (!toMediaWikiTimestamp(*ts))
      throw UsageError("--since needs YYYYMMDDHHMMSS or ISO 8601 UTC (2026-12-04T19:28:12Z), not '" + *ts + "'");
    start.kind = DbTailStart::Kind::SinceTimestamp;
    start.timestamp = *ts;
    ++given;
  }
  if (given > 1) throw UsageError("--from-start, --since-id and --since exclude each other");
  return start;
}

}  // namespace rcfeed::cli
