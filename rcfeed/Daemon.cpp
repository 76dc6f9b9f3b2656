#include "rcfeed/Daemon.h"

#include <chrono>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "engine/EventBusFactory.h"
#include "engine/EventBusRCFeedEngine.h"
#include "rcfeed/Log.h"
#include "rcfeed/SourceFactory.h"

namespace rcfeed {

namespace {

enum class FeedState : int { Starting, Running, SourceError, Stopped };

int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Prometheus label values escape backslash, quote and newline.
std::string labelValue(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out.append("\\n");
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

struct Daemon::Feed {
  RCFeedConfig config;
  std::unique_ptr<Source> source;
  std::unique_ptr<EventBusFactory> factory;
  std::unique_ptr<EventBusRCFeedEngine> engine;
  std::thread thread;
  std::atomic<FeedState> state{FeedState::Starting};
  std::atomic<uint64_t> sourceErrors{0};
  // Newest change delivered: its timestamp gives the lag.
  std::atomic<int64_t> lastDeliveredTimestamp{0};
  std::atomic<int64_t> lastDeliveredRcId{0};
  std::mutex waitMutex;
  std::condition_variable waitCv;
};

Daemon::Daemon(const Config& config, DaemonOptions options) : options_(std::move(options)) {
  for (const auto& name : options_.feeds) {
    if (!config.findFeed(name)) throw std::runtime_error(config.path + ": RCFeeds." + name + ": no such feed");
  }
  for (const auto& fc : config.feeds) {
    const bool selected = options_.feeds.empty()
                              ? fc.source.type == SourceConfig::Type::Udp || fc.source.type == SourceConfig::Type::Db
                              : std::find(options_.feeds.begin(), options_.feeds.end(), fc.name) != options_.feeds.end();
    if (!selected) {
      log(LogLevel::Info, "feed not run: no live source", {{"feed", fc.name}});
      continue;
    }
    auto feed = std::make_unique<Feed>();
    feed->config = fc;
    feed->source = makeSource(fc, options_.start, options_.once);
    // Each feed owns its producers: an EventBus serves one thread.
    feed->factory = std::make_unique<EventBusFactory>(config.eventBus);
    feed->engine = std::make_unique<EventBusRCFeedEngine>(feed->config, *feed->factory);
    Feed* f = feed.get();
    feed->engine->onOutcome([f](const ChangeOutcome& o) {
      if (o.kind == ChangeOutcome::Kind::Accepted || o.kind == ChangeOutcome::Kind::AcceptedHasty) {
        f->lastDeliveredTimestamp.store(o.timestamp);
        if (o.rcId) f->lastDeliveredRcId.store(*o.rcId);
      }
    });
    log(LogLevel::Info, "feed ready",
        {{"feed", fc.name}, {"source", feed->source->describe()}, {"event_service", fc.eventService}});
    feeds_.push_back(std::move(feed));
  }
  if (feeds_.empty()) throw std::runtime_error(config.path + ": no RCFeeds entry with a udp or db source to run");
  if (!options_.metricsListen.empty()) {
    metrics_ = std::make_unique<MetricsServer>(
        options_.metricsListen, [this] { return metricsText(); },
        [this] {
          MetricsServer::Health h;
          std::ostringstream text;
          for (const auto& fh : health()) {
            h.ok = h.ok && fh.delivering;
            text << fh.name << " " << fh.state << "\n";
          }
          h.text = text.str();
          return h;
        });
    log(LogLevel::Info, "metrics listening", {{"listen", options_.metricsListen}});
  }
}

Daemon::~Daemon() {
  stop();
  wait();
}

void Daemon::start() {
  for (auto& fp : feeds_) {
    Feed* f = fp.get();
    f->thread = std::thread([this, f] {
      auto backoff = std::chrono::milliseconds(500);
      while (!stopping_) {
        try {
          f->state = FeedState::Running;
          f->engine->run(*f->source);
          break;
        } catch (const std::exception& e) {
          // The source or dead-letter file failed; nothing past the last
          // acknowledged change is lost, so wait and read again.
          f->state = FeedState::SourceError;
          ++f->sourceErrors;
          log(LogLevel::Error, "feed error, retrying",
              {{"feed", f->config.name}, {"error", e.what()}, {"retry_ms", static_cast<long long>(backoff.count())}});
          std::unique_lock<std::mutex> lock(f->waitMutex);
          f->waitCv.wait_for(lock, backoff, [this] { return stopping_.load(); });
          backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
        }
      }
      f->state = FeedState::Stopped;
      log(LogLevel::Info, "feed stopped", {{"feed", f->config.name}});
    });
  }
}

void Daemon::stop() {
  if (stopping_.exchange(true)) return;
  for (const auto& f : feeds_) {
    if (f->state.load() != FeedState::Stopped) {
      log(LogLevel::Info, "stopping: finishing sends in flight");
      break;
    }
  }
  for (auto& f : feeds_) {
    f->source->stop();
    f->engine->stop();
    std::lock_guard<std::mutex> lock(f->waitMutex);
    f->waitCv.notify_all();
  }
}

void Daemon::wait() {
  for (auto& f : feeds_)
    if (f->thread.joinable()) f->thread.join();
  metrics_.reset();
}

std::vector<FeedHealth> Daemon::health() const {
  std::vector<FeedHealth> out;
  for (const auto& f : feeds_) {
    FeedHealth h;
    h.name = f->config.name;
    const FeedState s = f->state;
    const FeedCounters c = f->engine->counters();
    h.running = s == FeedState::Running;
    h.delivering = h.running && !c.retrying;
    h.state = s == FeedState::SourceError ? "source error"
              : s == FeedState::Stopped   ? "stopped"
              : s == FeedState::Starting  ? "starting"
              : c.retrying                ? "retrying"
                                          : "delivering";
    out.push_back(std::move(h));
  }
  return out;
}

std::string Daemon::metricsText() const {
  std::ostringstream m;
  struct Family {
    const char* name;
    const char* type;
    const char* help;
  };
  // One family at a time, every feed inside it, as the exposition format wants.
  auto family = [&](const Family& fam, auto value) {
    m << "# HELP " << fam.name << " " << fam.help << "\n# TYPE " << fam.name << " " << fam.type << "\n";
    for (const auto& f : feeds_) m << fam.name << "{feed=\"" << labelValue(f->config.name) << "\"} " << value(*f) << "\n";
  };
  std::vector<FeedCounters> counters;
  for (const auto& f : feeds_) counters.push_back(f->engine->counters());
  auto at = [&](const Feed& f) -> const FeedCounters& {
    for (size_t i = 0; i < feeds_.size(); ++i)
      if (feeds_[i].get() == &f) return counters[i];
    return counters.front();
  };
  family({"rcfeed_changes_read_total", "counter", "Changes taken from the source."},
         [&](const Feed& f) { return at(f).read; });
  family({"rcfeed_changes_filtered_total", "counter", "Changes left out by omit_* filters or suppression."},
         [&](const Feed& f) { return at(f).filtered; });
  family({"rcfeed_events_formatted_total", "counter", "Events built."},
         [&](const Feed& f) { return at(f).formatted; });
  family({"rcfeed_events_unencodable_total", "counter", "Changes that could not be encoded as JSON."},
         [&](const Feed& f) { return at(f).unencodable; });
  family({"rcfeed_events_sent_total", "counter", "Event sends, first tries and retries."},
         [&](const Feed& f) { return at(f).formatted + at(f).retries; });
  family({"rcfeed_events_accepted_total", "counter", "Events the event service accepted (201, 202)."},
         [&](const Feed& f) { return at(f).accepted; });
  family({"rcfeed_events_rejected_total", "counter", "Events the event service refused as invalid."},
         [&](const Feed& f) { return at(f).rejected; });
  family({"rcfeed_events_failed_total", "counter", "Events given up after max_attempts, or as poison."},
         [&](const Feed& f) { return at(f).failed; });
  family({"rcfeed_events_poisoned_total", "counter", "Events dead-lettered after poison_attempts refusals of their own."},
         [&](const Feed& f) { return at(f).poisoned; });
  family({"rcfeed_events_retried_total", "counter", "Sends of an event after its first."},
         [&](const Feed& f) { return at(f).retries; });
  family({"rcfeed_events_dead_lettered_total", "counter", "Events written to the dead-letter file."},
         [&](const Feed& f) { return at(f).deadLettered; });
  family({"rcfeed_source_errors_total", "counter", "Times the feed's source or dead-letter file failed."},
         [&](const Feed& f) { return f.sourceErrors.load(); });
  family({"rcfeed_last_delivered_rc_id", "gauge", "rc_id of the newest change delivered."},
         [&](const Feed& f) { return f.lastDeliveredRcId.load(); });
  const int64_t now = nowSeconds();
  family({"rcfeed_lag_seconds", "gauge", "Age of the newest change delivered (0 before the first)."},
         [&](const Feed& f) {
           const int64_t t = f.lastDeliveredTimestamp.load();
           return t ? now - t : 0;
         });
  family({"rcfeed_delivering", "gauge", "1 while the feed runs and is not failing to send."}, [&](const Feed& f) {
    return f.state.load() == FeedState::Running && !at(f).retrying ? 1 : 0;
  });
  // Source-specific figures: spool bytes, kernel drops, checkpoint rc_id, ...
  std::vector<std::vector<SourceMetric>> sourceMetrics;
  for (const auto& f : feeds_) sourceMetrics.push_back(f->source->metrics());
  std::vector<std::string> seen;
  for (size_t i = 0; i < feeds_.size(); ++i) {
    for (const auto& sm : sourceMetrics[i]) {
      if (std::find(seen.begin(), seen.end(), sm.name) != seen.end()) continue;
      seen.push_back(sm.name);
      m << "# HELP rcfeed_source_" << sm.name << " " << sm.help << "\n# TYPE rcfeed_source_" << sm.name << " "
        << (sm.counter ? "counter" : "gauge") << "\n";
      for (size_t j = 0; j < feeds_.size(); ++j)
        for (const auto& other : sourceMetrics[j])
          if (other.name == sm.name)
            m << "rcfeed_source_" << sm.name << "{feed=\"" << labelValue(feeds_[j]->config.name) << "\"} "
              << other.value << "\n";
    }
  }
  return m.str();
}

}  // namespace rcfeed
