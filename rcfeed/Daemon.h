#pragma once
// Daemon: `rcfeed run`. One EventBusRCFeedEngine per RCFeeds entry with a
// live source, each on a thread of its own with its own EventBus
// connections, so one wiki's slow database or event service never holds up
// another's. A farm of many wikis is one config with one entry per wiki;
// several hosts share a farm by each running the entries named with --feed.
//
// stop() (SIGTERM/SIGINT): sources stop reading, each engine finishes the
// send it is in, and only delivered changes are acknowledged; what was read
// but not delivered stays behind the checkpoint (DB tail) or in the spool
// (UDP) and is sent after a restart. Nothing is dropped to exit faster.
//
// A feed whose source throws (database gone, disk full) logs the error and
// is retried with backoff; the others keep running.
//
// Threading: start(), stop(), wait() from the owning thread; stop() also
// from any other; metricsText() and health() from any thread.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "rcfeed/Config.h"
#include "rcfeed/DbTailSource.h"
#include "rcfeed/MetricsServer.h"

namespace rcfeed {

struct DaemonOptions {
  DbTailStart start;               // overrides every DB feed's checkpoint when not Resume
  std::vector<std::string> feeds;  // names to run; empty: every feed with a live source
  std::string metricsListen = "127.0.0.1:9391";  // "" turns /metrics and /healthz off
  bool once = false;  // DB feeds end at their table's current end; wait() then returns
};

struct FeedHealth {
  std::string name;
  bool running = false;     // the feed thread is in its engine loop
  bool delivering = false;  // running and not failing to send
  std::string state;        // "delivering", "retrying", "source error", "stopped"
};

class Daemon {
 public:
  // Opens every selected feed's source and event service. Throws
  // std::runtime_error naming the feed when one cannot be opened, or when
  // nothing is left to run.
  Daemon(const Config& config, DaemonOptions options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  void start();
  void stop();
  // Returns once every feed thread has ended: after stop(), or with
  // DaemonOptions::once when every feed has delivered its table.
  void wait();

  // Prometheus text exposition of every feed's counters and gauges.
  std::string metricsText() const;
  std::vector<FeedHealth> health() const;

 private:
  struct Feed;
  std::vector<std::unique_ptr<Feed>> feeds_;
  DaemonOptions options_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<MetricsServer> metrics_;
};

}  // namespace rcfeed
