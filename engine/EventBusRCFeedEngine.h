#pragma once
// EventBusRCFeedEngine: runs one RCFeeds entry. It pulls changes from a
// Source, leaves out what the feed omits (RCFeedFilter), formats the rest
// with EventBusRCFeedFormatter, sends them with the feed's EventBus, and
// acknowledges positions to the source once they are done.
//
// One round (step()):
//   1. poll up to `pollMax` changes (waiting at most `pollWait` for the
//      first, then at most `linger` more for the rest);
//   2. filter and format them; all events of a round share one
//      meta.request_id, as the events of one MediaWiki request do;
//   3. send; Accepted and AcceptedHasty are done; Rejected are written to
//      the dead-letter file and are done (a feed without `dead_letter` only
//      counts them and reports them through onOutcome);
//      Failed are sent again after a backoff (RetrySettings) until they are
//      delivered, rejected, or have had max_attempts sends, or the service
//      refused them in particular (DeliveryReport::eventSpecific)
//      poison_attempts times; then they are dead-lettered as failed and done.
//      Outages (every other failure) hold the round, and so the feed, until
//      the service is back: the source is not read meanwhile, so memory
//      stays bounded by one round;
//   4. acknowledge the highest position below which every change is done.
// A change is never acknowledged before it is done, so a crash repeats at
// most the current round. Where the event goes: the feed's eventServiceName,
// else the stream's destination, else EventServiceDefault (resolved by the
// config loader; MediaWiki's engine ignores eventServiceName, rcfeed does not).
//
// Changes that cannot be encoded (invalid UTF-8 that escaped the source) are
// dropped and counted, as MediaWiki drops a line json_encode refuses.
//
// Threading: run()/step() on one thread; stop() and counters() from any.
// Failure: delivery problems never throw; a dead-letter file that cannot be
// written throws std::runtime_error out of step()/run() with nothing of the
// round acknowledged.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/Backoff.h"
#include "engine/DeadLetterFile.h"
#include "engine/EventBus.h"
#include "engine/EventBusFactory.h"
#include "engine/RCFeedFilter.h"
#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/Config.h"
#include "rcfeed/Source.h"

namespace rcfeed {

struct EngineSettings {
  size_t pollMax = 1000;                     // changes per round
  std::chrono::milliseconds pollWait{500};   // longest wait for the first change of a round
  std::chrono::milliseconds linger{0};       // then how long to go on collecting (ProducerSettings::linger)
  RetrySettings retry;                       // from the feed's retry_* / max_attempts
};

// Per-feed counts since the engine started. Every change read ends in
// exactly one of filtered, unencodable, accepted, rejected, failed.
struct FeedCounters {
  uint64_t read = 0;
  uint64_t filtered = 0;
  uint64_t unencodable = 0;
  uint64_t formatted = 0;
  uint64_t accepted = 0;        // includes acceptedHasty
  uint64_t acceptedHasty = 0;
  uint64_t rejected = 0;        // permanently refused
  uint64_t failed = 0;          // gave up after max_attempts, or poison
  uint64_t poisoned = 0;        // of failed: refused poison_attempts times
  uint64_t retries = 0;         // sends of an event after its first
  uint64_t deadLettered = 0;
  std::optional<Position> acknowledged;
  bool retrying = false;        // a send failed and its retry is pending
  std::map<std::string, uint64_t> filteredBy;  // verdict name -> count
  // Reason -> count for rejected and failed changes. Holds at most
  // kMaxReasons distinct reasons; the rest are counted under "(other reasons)".
  std::map<std::string, uint64_t> reasons;
  static constexpr size_t kMaxReasons = 50;
};

// What became of one change, reported once when it is done.
struct ChangeOutcome {
  enum class Kind { Filtered, Unencodable, Accepted, AcceptedHasty, Rejected, Failed };
  Kind kind;
  Position position = 0;
  std::optional<int64_t> rcId;
  std::optional<int64_t> logId;
  std::string reason;  // filter verdict, or the delivery report's reason
  uint32_t attempts = 0;
  int64_t timestamp = 0;  // the change's Unix time, for lag figures
};

std::string_view changeOutcomeName(ChangeOutcome::Kind k);

class EventBusRCFeedEngine {
 public:
  using OutcomeCallback = std::function<void(const ChangeOutcome&)>;

  // `bus` must outlive the engine. Opens the feed's dead-letter file, if
  // any (throws std::runtime_error when it cannot).
  EventBusRCFeedEngine(const RCFeedConfig& feed, EventBus& bus, EngineSettings settings);
  // Takes the bus from `factory` (feed.eventService) and the retry settings from the feed.
  EventBusRCFeedEngine(const RCFeedConfig& feed, EventBusFactory& factory);
  EventBusRCFeedEngine(const EventBusRCFeedEngine&) = delete;
  EventBusRCFeedEngine& operator=(const EventBusRCFeedEngine&) = delete;

  // Called on the engine thread for every finished change.
  void onOutcome(OutcomeCallback cb) { onOutcome_ = std::move(cb); }

  // One round (see above). Returns false when the source is exhausted or
  // stop() was called.
  bool step(Source& source);
  // Rounds until the source is exhausted or stop() is called.
  void run(Source& source);
  // Ends run() after the current send; a backoff wait ends at once. Changes
  // not yet done stay unacknowledged.
  void stop();

  FeedCounters counters() const;
  const RCFeedConfig& feed() const { return feed_; }
  EventBus& bus() { return bus_; }

 private:
  void finish(const ChangeOutcome& o);
  bool sleepUnlessStopped(std::chrono::milliseconds d);

  RCFeedConfig feed_;
  EventBus& bus_;
  EngineSettings settings_;
  EventBusRCFeedFormatter formatter_;
  std::unique_ptr<DeadLetterFile> deadLetters_;
  Backoff backoff_;
  OutcomeCallback onOutcome_;

  std::atomic<bool> stopping_{false};
  std::mutex stopMutex_;
  std::condition_variable stopCv_;

  mutable std::mutex countersMutex_;
  FeedCounters counters_;
};

}  // namespace rcfeed
