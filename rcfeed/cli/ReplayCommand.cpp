// rcfeed replay: JSONRCFeedFormatter lines through one configured feed.

#include <chrono>
#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "engine/EventBusFactory.h"
#include "engine/EventBusRCFeedEngine.h"
#include "rcfeed/Config.h"
#include "rcfeed/ReplaySource.h"
#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {
namespace {

// Per-change messages beyond this many are left to the summary.
constexpr int kMaxChangeMessages = 20;

class Progress {
 public:
  explicit Progress(const ReplaySource& source) : source_(source), enabled_(::isatty(STDERR_FILENO) == 1) {}

  void update(const FeedCounters& c, bool force = false) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const uint64_t total = source_.totalBytes();
    const int percent = total ? static_cast<int>(100 * source_.bytesRead() / total) : 100;
    const int width = 30, filled = percent * width / 100;
    std::fprintf(stderr, "\r[%.*s%*s] %3d%%  read %llu  accepted %llu  rejected %llu  failed %llu ", filled,
                 "##############################", width - filled, "", percent,
                 static_cast<unsigned long long>(c.read), static_cast<unsigned long long>(c.accepted),
                 static_cast<unsigned long long>(c.rejected), static_cast<unsigned long long>(c.failed));
    std::fflush(stderr);
    drawn_ = true;
  }

  void finish(const FeedCounters& c) {
    if (!enabled_) return;
    update(c, true);
    if (drawn_) std::fputc('\n', stderr);
  }

 private:
  const ReplaySource& source_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void printSummary(const FeedCounters& c, uint64_t malformed) {
  auto row = [](const char* name, uint64_t n) { std::cout << "  " << name << std::string(16 - std::string(name).size(), ' ') << n << "\n"; };
  row("read", c.read + malformed);
  row("malformed", malformed);
  row("filtered", c.filtered);
  for (const auto& [why, n] : c.filteredBy) std::cout << "    " << why << ": " << n << "\n";
  row("unencodable", c.unencodable);
  row("formatted", c.formatted);
  row("accepted", c.accepted);
  if (c.acceptedHasty) std::cout << "    of which hasty (202): " << c.acceptedHasty << "\n";
  row("rejected", c.rejected);
  row("failed", c.failed);
  row("retries", c.retries);
  row("dead-lettered", c.deadLettered);
  if (!c.reasons.empty()) {
    std::cout << "reasons (rejected and failed):\n";
    for (const auto& [why, n] : c.reasons) std::cout << "  " << n << "  " << why << "\n";
  }
}

}  // namespace

int replayCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"--config", "--feed", "--max-attempts"}, {});
  if (args.operands().empty()) throw UsageError("give at least one FILE of JSONRCFeedFormatter lines");
  Config config = loadConfig(args.required("--config"));
  const RCFeedConfig* feed = &config.feeds.front();
  if (auto name = args.value("--feed")) {
    feed = config.findFeed(*name);
    if (!feed) throw UsageError("--feed: no RCFeeds entry named '" + *name + "' in " + config.path);
  }
  RCFeedConfig replayFeed = *feed;
  // A replay must end: the feed's budget if it has one, else 5 sends.
  if (replayFeed.retry.maxAttempts == 0) replayFeed.retry.maxAttempts = 5;
  if (auto v = args.value("--max-attempts")) {
    try {
      size_t used = 0;
      long n = std::stol(*v, &used);
      if (used != v->size() || n < 1 || n > 1000) throw std::invalid_argument(*v);
      replayFeed.retry.maxAttempts = static_cast<uint32_t>(n);
    } catch (const std::exception&) {
      throw UsageError("--max-attempts must be a number from 1 to 1000, not '" + *v + "'");
    }
  }

  ReplaySource source(args.operands());
  uint64_t messages = 0;
  source.onMalformed([&](const std::string& where, const std::string& reason) {
    if (++messages <= kMaxChangeMessages) std::cerr << "\rrcfeed replay: " << where << ": skipped: " << reason << "\n";
  });
  EventBusFactory factory(config.eventBus);
  EventBusRCFeedEngine engine(replayFeed, factory);
  engine.onOutcome([&](const ChangeOutcome& o) {
    if (o.kind != ChangeOutcome::Kind::Rejected && o.kind != ChangeOutcome::Kind::Failed &&
        o.kind != ChangeOutcome::Kind::Unencodable) {
      return;
    }
    if (++messages > kMaxChangeMessages) return;
    std::cerr << "\rrcfeed replay: change at line " << o.position;
    if (o.rcId) std::cerr << " (rc_id " << *o.rcId << ")";
    else if (o.logId) std::cerr << " (log_id " << *o.logId << ")";
    std::cerr << ": " << changeOutcomeName(o.kind) << ": " << o.reason << "\n";
  });

  Progress progress(source);
  while (engine.step(source)) progress.update(engine.counters());
  const FeedCounters c = engine.counters();
  progress.finish(c);
  if (messages > kMaxChangeMessages) {
    std::cerr << "rcfeed replay: " << (messages - kMaxChangeMessages) << " more messages not shown\n";
  }

  std::cout << "replayed " << args.operands().size() << (args.operands().size() == 1 ? " file" : " files")
            << " through feed '" << replayFeed.name << "' to event service '" << engine.bus().name() << "' ("
            << engine.bus().url() << ")\n";
  printSummary(c, source.malformed());
  const bool allAccepted = source.malformed() == 0 && c.unencodable == 0 && c.rejected == 0 && c.failed == 0 &&
                           c.accepted == c.formatted;
  return allAccepted ? 0 : 1;
}

}  // namespace rcfeed::cli
