#pragma once
// Source: where changes enter rcfeed (UDP datagrams, the wiki's
// recentchanges table, a replay file).
//
// A source hands out changes in the order it read them, each with a
// Position: a number the source assigns, strictly increasing in that order.
// It never decides that a change is delivered. The engine calls
// acknowledge(p) once every change up to and including position p is done:
// accepted by the event service, written to the dead-letter file, or left
// out by the feed's filters (a feed without a dead-letter file counts its
// rejected events and moves on); only then may the source move its durable
// checkpoint past them. After a crash a
// source resumes from its checkpoint, so changes not yet acknowledged are
// read again (at-least-once).
//
// Threading: poll() and acknowledge() are called from one engine thread;
// a source that reads on threads of its own synchronises internally.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "rcfeed/RecentChange.h"

namespace rcfeed {

using Position = uint64_t;

// One figure a source reports for /metrics, e.g. {"spool_bytes", ..., false}.
struct SourceMetric {
  std::string name;  // snake_case; counters end in _total
  std::string help;
  double value = 0;
  bool counter = true;  // false: a gauge
};

struct SourcedChange {
  RecentChange rc;
  Position position = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  Source() = default;
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  // Appends up to `max` changes to `out`, waiting at most `wait` for the
  // first one. Returns false once the source has nothing more to give and
  // never will (end of a replay file, `--once` at the table's end); a live
  // source returns true with nothing appended when it is merely idle.
  virtual bool poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds wait) = 0;

  // Everything up to and including `upTo` is delivered (see above).
  virtual void acknowledge(Position upTo) = 0;

  // Asks a blocking poll() to return early (from another thread or a signal
  // handler's helper thread).
  virtual void stop() = 0;

  // For logs and metrics: "udp 127.0.0.1:9390", "db sqlite:/var/lib/wiki.sqlite".
  virtual std::string describe() const = 0;

  // The source's own figures (datagrams dropped, checkpoint rc_id, ...);
  // any thread may call it.
  virtual std::vector<SourceMetric> metrics() const { return {}; }
};

}  // namespace rcfeed
