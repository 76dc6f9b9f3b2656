// producer.linger_ms: a round keeps collecting the changes that arrive
// after its first one, so they share a request; without linger each poll's
// changes go out at once.

#include <gtest/gtest.h>

#include "EventGateStub.h"
#include "Fixtures.h"
#include "TempDir.h"
#include "engine/EventBusFactory.h"
#include "engine/EventBusRCFeedEngine.h"
#include "rcfeed/Config.h"
#include "rcfeed/JsonRCFeedLine.h"

namespace rcfeed {
namespace {

// Hands out one fixture change per poll, at once, like a source whose
// changes trickle in one at a time.
class TrickleSource : public Source {
 public:
  explicit TrickleSource(size_t count) {
    for (const auto& line : test::readLines("mw139-en/udp-json.jsonl")) {
      if (changes_.size() == count) break;
      RecentChange rc;
      EXPECT_TRUE(readJsonRCFeedLine(line, rc).ok);
      changes_.push_back(std::move(rc));
    }
  }
  bool poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds) override {
    if (next_ < changes_.size() && max > 0) {
      out.push_back(SourcedChange{changes_[next_], next_ + 1});
      ++next_;
      ++polls_;
    }
    return next_ < changes_.size();
  }
  void acknowledge(Position upTo) override { acknowledged_ = upTo; }
  void stop() override {}
  std::string describe() const override { return "trickle"; }
  Position acknowledged() const { return acknowledged_; }

 private:
  std::vector<RecentChange> changes_;
  size_t next_ = 0, polls_ = 0;
  Position acknowledged_ = 0;
};

Config configWithLinger(const std::string& url, const std::string& dir, int lingerMs, int maxEvents) {
  const std::string json = R"({"wiki":")" + test::fixturePath("mw139-en/siteinfo.json") +
                           R"(","RCFeeds":{"main":{"class":"EventBusRCFeedEngine"}},"EventServices":{"gate":{"url":")" +
                           url + R"("}},"EventServiceDefault":"gate","EnableEventBus":"TYPE_EVENT",)" +
                           R"("producer":{"linger_ms":)" + std::to_string(lingerMs) +
                           R"(,"max_batch_events":)" + std::to_string(maxEvents) + "}}";
  return parseConfig(json, "linger.json", dir);
}

TEST(EngineLinger, ChangesArrivingWithinTheLingerShareOneRequest) {
  test::TempDir dir;
  test::EventGateStub stub;
  Config c = configWithLinger(stub.url("/201"), dir.path(), 60000, 1000);
  EXPECT_EQ(c.eventBus.producer.linger, std::chrono::milliseconds(60000));
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  TrickleSource source(10);
  engine.run(source);
  EXPECT_EQ(stub.requestCount(), 1u);
  EXPECT_EQ(stub.events().size(), 10u);
  EXPECT_EQ(source.acknowledged(), 10u);
}

TEST(EngineLinger, ARoundStopsCollectingAtMaxBatchEvents) {
  test::TempDir dir;
  test::EventGateStub stub;
  Config c = configWithLinger(stub.url("/201"), dir.path(), 60000, 4);
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  TrickleSource source(10);
  engine.run(source);
  EXPECT_EQ(stub.requestCount(), 3u);  // 4 + 4 + 2
  EXPECT_EQ(stub.events().size(), 10u);
}

TEST(EngineLinger, WithoutLingerEachPollIsSentAtOnce) {
  test::TempDir dir;
  test::EventGateStub stub;
  Config c = configWithLinger(stub.url("/201"), dir.path(), 0, 1000);
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  TrickleSource source(10);
  engine.run(source);
  EXPECT_EQ(stub.requestCount(), 10u);
  EXPECT_EQ(source.acknowledged(), 10u);
}

}  // namespace
}  // namespace rcfeed
