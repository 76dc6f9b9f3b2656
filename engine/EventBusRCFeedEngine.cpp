#include "engine/EventBusRCFeedEngine.h"

#include <numeric>

#include "formatter/EventId.h"
#include "rcfeed/DbPageStore.h"

namespace rcfeed {
namespace {

FormatterOptions formatterOptions(const RCFeedConfig& feed) {
  FormatterOptions o;
  o.profile = feed.profile;
  o.useRCPatrol = feed.useRCPatrol;
  o.useNPPatrol = feed.useNPPatrol;
  if (feed.pages.dsn.empty()) {
    o.pages = std::make_shared<AssumedPageStore>(feed.pages.assumeExist);
  } else {
    DbPageStoreOptions db;
    db.dsn = feed.pages.dsn;
    db.tablePrefix = feed.pages.tablePrefix;
    db.passwordEnv = feed.pages.passwordEnv;
    db.passwordFile = feed.pages.passwordFile;
    o.pages = std::make_shared<DbPageStore>(std::move(db));
  }
  return o;
}

EngineSettings settingsOf(const RCFeedConfig& feed, const EventBusFactory& factory) {
  EngineSettings s;
  s.pollMax = factory.config().producer.maxBatchEvents;
  s.linger = factory.config().producer.linger;
  s.retry = feed.retry;
  return s;
}

}  // namespace

std::string_view changeOutcomeName(ChangeOutcome::Kind k) {
  switch (k) {
    case ChangeOutcome::Kind::Filtered: return "filtered";
    case ChangeOutcome::Kind::Unencodable: return "unencodable";
    case ChangeOutcome::Kind::Accepted: return "accepted";
    case ChangeOutcome::Kind::AcceptedHasty: return "accepted-hasty";
    case ChangeOutcome::Kind::Rejected: return "rejected";
    case ChangeOutcome::Kind::Failed: return "failed";
  }
  return "?";
}

EventBusRCFeedEngine::EventBusRCFeedEngine(const RCFeedConfig& feed, EventBus& bus, EngineSettings settings)
    : feed_(feed),
      bus_(bus),
      settings_(settings),
      formatter_(feed.wiki, formatterOptions(feed)),
      backoff_(settings.retry) {
  if (!feed_.deadLetterPath.empty()) deadLetters_ = std::make_unique<DeadLetterFile>(feed_.deadLetterPath, feed_.name);
}

EventBusRCFeedEngine::EventBusRCFeedEngine(const RCFeedConfig& feed, EventBusFactory& factory)
    : EventBusRCFeedEngine(feed, factory.getInstance(feed.eventService), settingsOf(feed, factory)) {}

void EventBusRCFeedEngine::stop() {
  {
    std::lock_guard<std::mutex> lock(stopMutex_);
    stopping_ = true;
  }
  stopCv_.notify_all();
}

bool EventBusRCFeedEngine::sleepUnlessStopped(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(stopMutex_);
  return !stopCv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

FeedCounters EventBusRCFeedEngine::counters() const {
  std::lock_guard<std::mutex> lock(countersMutex_);
  return counters_;
}

void EventBusRCFeedEngine::finish(const ChangeOutcome& o) {
  {
    std::lock_guard<std::mutex> lock(countersMutex_);
    auto countReason = [this](const std::string& reason) {
      auto it = counters_.reasons.find(reason);
      if (it != counters_.reasons.end()) ++it->second;
      else if (counters_.reasons.size() < FeedCounters::kMaxReasons) counters_.reasons[reason] = 1;
      else ++counters_.reasons["(other reasons)"];
    };
    switch (o.kind) {
      case ChangeOutcome::Kind::Filtered:
        ++counters_.filtered;
        ++counters_.filteredBy[o.reason];
        break;
      case ChangeOutcome::Kind::Unencodable: ++counters_.unencodable; break;
      case ChangeOutcome::Kind::AcceptedHasty: ++counters_.acceptedHasty; [[fallthrough]];
      case ChangeOutcome::Kind::Accepted: ++counters_.accepted; break;
      case ChangeOutcome::Kind::Rejected:
        ++counters_.rejected;
        countReason(o.reason);
        break;
      case ChangeOutcome::Kind::Failed:
        ++counters_.failed;
        countReason(o.reason);
        break;
    }
  }
  if (onOutcome_) onOutcome_(o);
}

bool EventBusRCFeedEngine::step(Source& source) {
  if (stopping_) return false;
  std::vector<SourcedChange> batch;
  bool more = source.poll(batch, settings_.pollMax, settings_.pollWait);
  if (batch.empty()) return more && !stopping_;
  const auto lingerEnd = std::chrono::steady_clock::now() + settings_.linger;
  while (more && !stopping_ && batch.size() < settings_.pollMax) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(lingerEnd - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    more = source.poll(batch, settings_.pollMax - batch.size(), left);
  }
  {
    std::lock_guard<std::mutex> lock(countersMutex_);
    counters_.read += batch.size();
  }

  auto outcome = [&](size_t i, ChangeOutcome::Kind kind, std::string reason, uint32_t attempts) {
    return ChangeOutcome{kind,   batch[i].position, batch[i].rc.id,          batch[i].rc.logId,
                         std::move(reason), attempts,    batch[i].rc.timestamp};
  };

  const std::string requestId = newRequestId();
  std::vector<bool> done(batch.size(), false);
  std::vector<std::string> events;
  std::vector<size_t> changeOf;  // event index -> batch index
  for (size_t i = 0; i < batch.size(); ++i) {
    RecentChange& rc = batch[i].rc;
    // The packet's channel is the EventBus feed's own (spec 1.2).
    rc.channel = feed_.channel;
    const FilterVerdict verdict = filterChange(feed_, rc);
    if (verdict != FilterVerdict::Send) {
      finish(outcome(i, ChangeOutcome::Kind::Filtered, std::string(filterVerdictName(verdict)), 0));
      done[i] = true;
      continue;
    }
    std::string event;
    if (!formatter_.format(rc, requestId, event)) {
      finish(outcome(i, ChangeOutcome::Kind::Unencodable, "event cannot be encoded as JSON (invalid UTF-8)", 0));
      done[i] = true;
      continue;
    }
    events.push_back(std::move(event));
    changeOf.push_back(i);
  }
  {
    std::lock_guard<std::mutex> lock(countersMutex_);
    counters_.formatted += events.size();
  }

  std::vector<uint32_t> refusals(events.size(), 0);  // eventSpecific failures per event
  std::vector<size_t> pending(events.size());
  std::iota(pending.begin(), pending.end(), 0);
  for (uint32_t attempt = 1; !pending.empty(); ++attempt) {
    std::vector<DeliveryReport> reports;
    if (attempt == 1) {
      reports = bus_.send(events, TYPE_EVENT);
    } else {
      std::vector<std::string> again;
      again.reserve(pending.size());
      for (size_t k : pending) again.push_back(events[k]);
      reports = bus_.send(again, TYPE_EVENT);
      std::lock_guard<std::mutex> lock(countersMutex_);
      counters_.retries += pending.size();
    }
    std::vector<size_t> failed;
    std::vector<DeliveryReport> failedReports;
    std::vector<size_t> poisoned;
    std::vector<DeliveryReport> poisonReports;
    std::vector<std::pair<size_t, ChangeOutcome>> outcomes;  // batch index, outcome
    std::vector<DeadLetter> letters;
    auto letter = [&](size_t k, const DeliveryReport& r) {
      const SourcedChange& c = batch[changeOf[k]];
      letters.push_back(DeadLetter{c.position, c.rc.id, c.rc.logId, r, events[k]});
    };
    for (size_t j = 0; j < pending.size(); ++j) {
      const size_t k = pending[j];
      DeliveryReport& r = reports[j];
      switch (r.status) {
        case DeliveryStatus::Accepted:
          outcomes.emplace_back(changeOf[k], outcome(changeOf[k], ChangeOutcome::Kind::Accepted, "", attempt));
          break;
        case DeliveryStatus::AcceptedHasty:
          outcomes.emplace_back(changeOf[k], outcome(changeOf[k], ChangeOutcome::Kind::AcceptedHasty, "", attempt));
          break;
        case DeliveryStatus::Rejected:
          letter(k, r);
          outcomes.emplace_back(changeOf[k], outcome(changeOf[k], ChangeOutcome::Kind::Rejected, r.reason, attempt));
          break;
        case DeliveryStatus::Failed:
          if (r.eventSpecific && settings_.retry.poisonAttempts != 0 &&
              ++refusals[k] >= settings_.retry.poisonAttempts) {
            poisoned.push_back(k);
            poisonReports.push_back(std::move(r));
          } else {
            failed.push_back(k);
            failedReports.push_back(std::move(r));
          }
          break;
      }
    }
    const bool giveUp = !failed.empty() && settings_.retry.maxAttempts != 0 && attempt >= settings_.retry.maxAttempts;
    if (giveUp) {
      for (size_t j = 0; j < failed.size(); ++j) {
        DeliveryReport r = failedReports[j];
        r.reason = "gave up after " + std::to_string(attempt) + (attempt == 1 ? " attempt: " : " attempts: ") + r.reason;
        letter(failed[j], r);
        outcomes.emplace_back(changeOf[failed[j]], outcome(changeOf[failed[j]], ChangeOutcome::Kind::Failed, r.reason, attempt));
      }
      failed.clear();
    }
    for (size_t j = 0; j < poisoned.size(); ++j) {
      DeliveryReport r = poisonReports[j];
      r.reason = "poison: refused " + std::to_string(refusals[poisoned[j]]) + " times: " + r.reason;
      letter(poisoned[j], r);
      outcomes.emplace_back(changeOf[poisoned[j]],
                            outcome(changeOf[poisoned[j]], ChangeOutcome::Kind::Failed, r.reason, attempt));
    }
    if (!poisoned.empty()) {
      std::lock_guard<std::mutex> lock(countersMutex_);
      counters_.poisoned += poisoned.size();
    }
    if (deadLetters_ && !letters.empty()) {
      deadLetters_->write(letters);
      std::lock_guard<std::mutex> lock(countersMutex_);
      counters_.deadLettered += letters.size();
    }
    for (const auto& [i, o] : outcomes) {
      done[i] = true;
      finish(o);
    }
    pending = std::move(failed);
    {
      std::lock_guard<std::mutex> lock(countersMutex_);
      counters_.retrying = !pending.empty();
    }
    if (!pending.empty() && !sleepUnlessStopped(backoff_.delay(attempt))) break;
  }

  size_t prefix = 0;
  while (prefix < batch.size() && done[prefix]) ++prefix;
  if (prefix > 0) {
    source.acknowledge(batch[prefix - 1].position);
    std::lock_guard<std::mutex> lock(countersMutex_);
    counters_.acknowledged = batch[prefix - 1].position;
  }
  return more && !stopping_ && prefix == batch.size();
}

void EventBusRCFeedEngine::run(Source& source) {
  while (step(source)) {
  }
}

}  // namespace rcfeed
