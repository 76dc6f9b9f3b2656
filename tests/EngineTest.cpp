// EventBusRCFeedEngine: the fixture's changes through a feed to an HTTP
// service on loopback, filters, retries, dead letters and acknowledgements.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <Poco/Net/IPAddress.h>
#include <rapidjson/document.h>

#include "EventGateStub.h"
#include "Fixtures.h"
#include "TempDir.h"
#include "engine/EventBusRCFeedEngine.h"
#include "rcfeed/JsonRCFeedLine.h"
#include "rcfeed/ReplaySource.h"

namespace rcfeed {
namespace {

const char* kUdpLines = "mw139-en/udp-json.jsonl";

// Changes from memory; records what was acknowledged.
class VectorSource : public Source {
 public:
  explicit VectorSource(std::vector<RecentChange> changes) {
    Position p = 0;
    for (auto& rc : changes) changes_.push_back(SourcedChange{std::move(rc), ++p});
  }
  bool poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds) override {
    while (next_ < changes_.size() && max-- > 0) out.push_back(changes_[next_++]);
    return next_ < changes_.size();
  }
  void acknowledge(Position upTo) override { acks.push_back(upTo); }
  void stop() override {}
  std::string describe() const override { return "vector"; }

  std::vector<Position> acks;

 private:
  std::vector<SourcedChange> changes_;
  size_t next_ = 0;
};

std::vector<RecentChange> fixtureChanges(size_t count) {
  std::vector<RecentChange> out;
  for (const auto& line : test::readLines(kUdpLines)) {
    if (out.size() == count) break;
    RecentChange rc;
    EXPECT_TRUE(readJsonRCFeedLine(line, rc).ok);
    out.push_back(std::move(rc));
  }
  return out;
}

// "rc:<id>" or "log:<log_id>" for a packet or an event.
std::string changeKey(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  if (d.HasMember("id") && d["id"].IsInt64()) return "rc:" + std::to_string(d["id"].GetInt64());
  return "log:" + std::to_string(d["log_id"].GetInt64());
}

bool fieldIs(const std::string& json, const char* name, bool value) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  return d.HasMember(name) && d[name].IsBool() && d[name].GetBool() == value;
}

std::string userOf(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  return d["user"].GetString();
}

bool isIp(const std::string& s) {
  Poco::Net::IPAddress ip;
  return Poco::Net::IPAddress::tryParse(s, ip);
}

class EngineTest : public ::testing::Test {
 protected:
  // A config with one feed "main" sending to `url`; `feedExtra` is added to the feed's object.
  Config config(const std::string& url, const std::string& feedExtra = "") {
    std::string json = R"({"wiki":")" + test::fixturePath("mw139-en/siteinfo.json") +
                       R"(","RCFeeds":{"main":{"class":"EventBusRCFeedEngine","retry_initial_ms":1,"retry_max_ms":2)" +
                       (feedExtra.empty() ? "" : "," + feedExtra) + R"(}},"EventServices":{"gate":{"url":")" + url +
                       R"(","timeout":5}},"EventServiceDefault":"gate","EnableEventBus":"TYPE_EVENT"})";
    return parseConfig(json, "test.json", dir.path());
  }

  std::vector<std::string> deadLetters(const std::string& name) {
    std::ifstream in(dir.path() + "/" + name);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  }

  test::TempDir dir;
  test::EventGateStub stub;
};

TEST_F(EngineTest, ReplaysEveryFixtureChangeToTheService) {
  Config c = config(stub.url("/201"));
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  ReplaySource source({test::fixturePath(kUdpLines)});
  engine.run(source);

  std::vector<std::string> expected, arrived;
  for (const auto& line : test::readLines(kUdpLines)) expected.push_back(changeKey(line));
  for (const auto& event : stub.events()) arrived.push_back(changeKey(event));
  ASSERT_EQ(expected.size(), 320u);
  EXPECT_EQ(arrived, expected);  // in input order

  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.read, 320u);
  EXPECT_EQ(n.formatted, 320u);
  EXPECT_EQ(n.accepted, 320u);
  EXPECT_EQ(n.rejected + n.failed + n.filtered, 0u);
  EXPECT_EQ(source.acknowledged(), 320u);
  // Rounds of up to max_batch_events changes, one request each.
  EXPECT_EQ(stub.requestCount(), 1u);
}

TEST_F(EngineTest, OmitBotsLeavesOutTheBotChanges) {
  size_t bots = 0;
  for (const auto& line : test::readLines(kUdpLines)) bots += fieldIs(line, "bot", true);
  ASSERT_EQ(bots, 7u);  // fixture README: bot-flagged 7

  Config c = config(stub.url("/201"), R"("omit_bots":true)");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  ReplaySource source({test::fixturePath(kUdpLines)});
  engine.run(source);

  const auto events = stub.events();
  EXPECT_EQ(events.size(), 320u - bots);
  EXPECT_TRUE(std::none_of(events.begin(), events.end(), [](const std::string& e) { return fieldIs(e, "bot", true); }));
  EXPECT_EQ(engine.counters().filteredBy.at("omit_bots"), bots);
  EXPECT_EQ(source.acknowledged(), 320u);  // filtered changes are done too
}

TEST_F(EngineTest, OmitAnonLeavesOutChangesByIpAddresses) {
  size_t anon = 0;
  for (const auto& line : test::readLines(kUdpLines)) anon += isIp(userOf(line));
  ASSERT_GT(anon, 0u);

  Config c = config(stub.url("/201"), R"("omit_anon":true)");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  ReplaySource source({test::fixturePath(kUdpLines)});
  engine.run(source);

  const auto events = stub.events();
  EXPECT_EQ(events.size(), 320u - anon);
  EXPECT_TRUE(std::none_of(events.begin(), events.end(), [](const std::string& e) { return isIp(userOf(e)); }));
}

TEST_F(EngineTest, OmitUserKeepsOnlyAnonymousChanges) {
  Config c = config(stub.url("/201"), R"("omit_user":true)");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  ReplaySource source({test::fixturePath(kUdpLines)});
  engine.run(source);
  const auto events = stub.events();
  ASSERT_FALSE(events.empty());
  EXPECT_TRUE(std::all_of(events.begin(), events.end(), [](const std::string& e) { return isIp(userOf(e)); }));
}

TEST_F(EngineTest, KnownRegistrationWinsOverTheName) {
  auto changes = fixtureChanges(2);
  changes[0].registered = false;  // a DB row with actor_user NULL
  Config c = config(stub.url("/201"), R"("omit_anon":true)");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(changes);
  engine.run(source);
  EXPECT_EQ(stub.events().size(), 1u);
}

TEST_F(EngineTest, OmitMinorAndOmitPatrolledUseThePacketFlags) {
  auto changes = fixtureChanges(3);  // new, log, log
  changes[0].minor = true;
  Config c = config(stub.url("/201"), R"("omit_minor":true)");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(changes);
  engine.run(source);
  EXPECT_EQ(engine.counters().filteredBy.at("omit_minor"), 1u);

  changes[0].minor = false;
  changes[0].patrolled = true;
  Config c2 = config(stub.url("/201"), R"("omit_patrolled":true)");
  EventBusFactory factory2(c2.eventBus);
  EventBusRCFeedEngine engine2(c2.feeds[0], factory2);
  VectorSource source2(changes);
  engine2.run(source2);
  EXPECT_EQ(engine2.counters().filteredBy.at("omit_patrolled"), 1u);
}

TEST_F(EngineTest, SuppressedAndExternalChangesAreNeverSent) {
  auto changes = fixtureChanges(4);
  changes[0].deleted = 4;        // rc_deleted: user hidden
  changes[2].rcType = RC_EXTERNAL;
  Config c = config(stub.url("/201"));
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(changes);
  engine.run(source);
  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.filteredBy.at("suppressed (rc_deleted)"), 1u);
  EXPECT_EQ(n.filteredBy.at("external (rc_type 5)"), 1u);
  const auto events = stub.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(changeKey(events[0]), "rc:" + std::to_string(*changes[1].id));
  EXPECT_EQ(changeKey(events[1]), "rc:" + std::to_string(*changes[3].id));
  EXPECT_EQ(source.acks.back(), 4u);
}

TEST_F(EngineTest, TheFeedsChannelIsInTheEvent) {
  Config c = config(stub.url("/201"), R"("channel":"#en.wikipedia")");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(1));
  engine.run(source);
  const auto events = stub.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find(R"("channel":"#en.wikipedia")"), std::string::npos) << events[0];
}

TEST_F(EngineTest, EventsOfOneRoundShareARequestId) {
  Config c = config(stub.url("/201"));
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(5));
  engine.run(source);
  std::set<std::string> ids;
  for (const auto& e : stub.events()) {
    rapidjson::Document d;
    d.Parse(e.c_str());
    ids.insert(d["meta"]["request_id"].GetString());
  }
  EXPECT_EQ(ids.size(), 1u);
}

TEST_F(EngineTest, RejectedEventsAreDeadLetteredAndAcknowledged) {
  Config c = config(stub.url("/400"), R"("dead_letter":"dead.jsonl")");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  auto changes = fixtureChanges(3);
  VectorSource source(changes);
  engine.run(source);

  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.rejected, 3u);
  EXPECT_EQ(n.deadLettered, 3u);
  EXPECT_EQ(stub.requestCount(), 1u);  // rejected events are not sent again
  EXPECT_EQ(source.acks.back(), 3u);
  auto letters = deadLetters("dead.jsonl");
  ASSERT_EQ(letters.size(), 3u);
  rapidjson::Document d;
  d.Parse(letters[1].c_str());
  ASSERT_FALSE(d.HasParseError()) << letters[1];
  EXPECT_STREQ(d["feed"].GetString(), "main");
  EXPECT_EQ(d["position"].GetInt64(), 2);
  EXPECT_EQ(d["rc_id"].GetInt64(), *changes[1].id);
  EXPECT_STREQ(d["status"].GetString(), "rejected");
  EXPECT_EQ(d["http_status"].GetInt(), 400);
  EXPECT_NE(std::string(d["reason"].GetString()).find("must have required property 1"), std::string::npos);
  EXPECT_STREQ(d["event"]["meta"]["stream"].GetString(), "mediawiki.recentchange");
}

TEST_F(EngineTest, FailedEventsAreRetriedUntilAccepted) {
  Config c = config(stub.url("/503-then-201/2"));
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(3));
  engine.run(source);
  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.accepted, 3u);
  EXPECT_EQ(n.retries, 6u);  // two failed sends of three events
  EXPECT_EQ(stub.requestCount(), 3u);
  EXPECT_EQ(source.acks, (std::vector<Position>{3}));
}

TEST_F(EngineTest, GivesUpAfterMaxAttemptsAndDeadLettersAsFailed) {
  Config c = config(stub.url("/500-garbled"), R"("max_attempts":3,"dead_letter":"dead.jsonl")");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(2));
  engine.run(source);
  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.failed, 2u);
  EXPECT_EQ(n.accepted, 0u);
  EXPECT_EQ(stub.requestCount(), 3u);
  EXPECT_EQ(source.acks.back(), 2u);
  auto letters = deadLetters("dead.jsonl");
  ASSERT_EQ(letters.size(), 2u);
  EXPECT_NE(letters[0].find("gave up after 3 attempts"), std::string::npos) << letters[0];
  EXPECT_NE(letters[0].find("\"status\":\"failed\""), std::string::npos) << letters[0];
}

TEST_F(EngineTest, AnEventListedUnderErrorIsPoisonAfterPoisonAttempts) {
  // The stub lists event 0 under `error` (and event 1 under `invalid`) in every answer.
  Config c = config(stub.url("/207"), R"("poison_attempts":3,"dead_letter":"dead.jsonl")");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  auto changes = fixtureChanges(3);
  VectorSource source(changes);
  engine.run(source);
  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.accepted, 1u);
  EXPECT_EQ(n.rejected, 1u);
  EXPECT_EQ(n.failed, 1u);
  EXPECT_EQ(n.poisoned, 1u);
  EXPECT_EQ(stub.requestCount(), 3u);
  EXPECT_EQ(source.acks.back(), 3u);
  auto letters = deadLetters("dead.jsonl");
  ASSERT_EQ(letters.size(), 2u);
  rapidjson::Document d;
  d.Parse(letters[1].c_str());
  ASSERT_FALSE(d.HasParseError()) << letters[1];
  EXPECT_EQ(d["rc_id"].GetInt64(), *changes[0].id);
  EXPECT_STREQ(d["status"].GetString(), "failed");
  EXPECT_EQ(d["http_status"].GetInt(), 207);
  const std::string reason = d["reason"].GetString();
  EXPECT_NE(reason.find("poison: refused 3 times"), std::string::npos) << reason;
  EXPECT_NE(reason.find("kafka write failed 0"), std::string::npos) << reason;
}

TEST_F(EngineTest, ALoneEventAnswered500IsPoisonAfterTheDefaultEightAttempts) {
  Config c = config(stub.url("/500-garbled"), R"("dead_letter":"dead.jsonl")");  // max_attempts 0: forever
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(1));
  engine.run(source);
  const FeedCounters n = engine.counters();
  EXPECT_EQ(n.failed, 1u);
  EXPECT_EQ(n.poisoned, 1u);
  EXPECT_EQ(stub.requestCount(), 8u);
  EXPECT_EQ(source.acks, (std::vector<Position>{1}));
  auto letters = deadLetters("dead.jsonl");
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_NE(letters[0].find("poison: refused 8 times: HTTP 500"), std::string::npos) << letters[0];
}

TEST_F(EngineTest, OutagesAreNotCountedAsPoison) {
  // 503 to a lone event, then a bare 500 to two events: outages, however many.
  {
    Config c = config(stub.url("/503-then-201/5"), R"("poison_attempts":2)");
    EventBusFactory factory(c.eventBus);
    EventBusRCFeedEngine engine(c.feeds[0], factory);
    VectorSource source(fixtureChanges(1));
    engine.run(source);
    EXPECT_EQ(engine.counters().accepted, 1u);
    EXPECT_EQ(engine.counters().failed, 0u);
    EXPECT_EQ(stub.requestCount(), 6u);
  }
  Config c = config(stub.url("/500-garbled"), R"("poison_attempts":2,"max_attempts":6,"dead_letter":"dead.jsonl")");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(2));
  engine.run(source);
  EXPECT_EQ(engine.counters().failed, 2u);
  EXPECT_EQ(engine.counters().poisoned, 0u);
  auto letters = deadLetters("dead.jsonl");
  ASSERT_EQ(letters.size(), 2u);
  EXPECT_NE(letters[0].find("gave up after 6 attempts"), std::string::npos) << letters[0];
}

TEST_F(EngineTest, PoisonAttemptsZeroRetriesANamedEventUntilMaxAttempts) {
  Config c = config(stub.url("/500-garbled"), R"("poison_attempts":0,"max_attempts":12)");
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(fixtureChanges(1));
  engine.run(source);
  EXPECT_EQ(engine.counters().failed, 1u);
  EXPECT_EQ(engine.counters().poisoned, 0u);
  EXPECT_EQ(stub.requestCount(), 12u);
}

TEST_F(EngineTest, StopDuringRetriesAcknowledgesOnlyTheDonePrefix) {
  auto changes = fixtureChanges(3);
  changes[0].bot = true;  // filtered, so done at once
  Config c = config(stub.url("/500-garbled"), R"("omit_bots":true)");  // max_attempts 0: forever
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  VectorSource source(changes);
  std::thread runner([&] { engine.run(source); });
  for (int i = 0; i < 1000 && stub.requestCount() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  engine.stop();
  runner.join();
  EXPECT_GE(stub.requestCount(), 2u);
  EXPECT_EQ(source.acks, (std::vector<Position>{1}));
  EXPECT_EQ(engine.counters().failed, 0u);  // not given up, only not yet delivered
}

TEST_F(EngineTest, FileServiceAppendsEveryEventInOrder) {
  const std::string sink = dir.path() + "/events.jsonl";
  Config c = config("file://" + sink);
  EventBusFactory factory(c.eventBus);
  EventBusRCFeedEngine engine(c.feeds[0], factory);
  ReplaySource source({test::fixturePath(kUdpLines)});
  engine.run(source);
  std::ifstream in(sink);
  std::vector<std::string> keys;
  for (std::string l; std::getline(in, l);) keys.push_back(changeKey(l));
  std::vector<std::string> expected;
  for (const auto& line : test::readLines(kUdpLines)) expected.push_back(changeKey(line));
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(engine.counters().accepted, 320u);
}

TEST(ReplaySource, ReportsMalformedLinesWithFileAndLine) {
  test::TempDir dir;
  const auto lines = test::readLines(kUdpLines);
  const std::string file = dir.write("mixed.jsonl", lines[0] + "\n{\"id\":\n\n" + lines[1] + "\n");
  ReplaySource source({file});
  std::vector<std::string> where;
  source.onMalformed([&](const std::string& w, const std::string&) { where.push_back(w); });
  std::vector<SourcedChange> out;
  while (source.poll(out, 10, std::chrono::milliseconds(0))) {
  }
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].position, 1u);
  EXPECT_EQ(out[1].position, 4u);  // the line number
  EXPECT_EQ(where, (std::vector<std::string>{file + ":2"}));
  EXPECT_EQ(source.malformed(), 1u);
}

TEST(ReplaySource, PositionsIncreaseAcrossFiles) {
  test::TempDir dir;
  const auto lines = test::readLines(kUdpLines);
  const std::string a = dir.write("a.jsonl", lines[0] + "\n" + lines[1] + "\n");
  const std::string b = dir.write("b.jsonl", lines[2] + "\n");
  ReplaySource source({a, b});
  std::vector<SourcedChange> out;
  while (source.poll(out, 1, std::chrono::milliseconds(0))) {
  }
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].position, 3u);
  EXPECT_EQ(source.bytesRead(), source.totalBytes());
}

TEST(ReplaySource, MissingFileIsAnError) {
  EXPECT_THROW(ReplaySource({"/nonexistent/rcfeed.jsonl"}), std::runtime_error);
}

TEST(Backoff, GrowsToTheCapWithJitter) {
  RetrySettings s;
  s.initial = std::chrono::milliseconds(100);
  s.max = std::chrono::milliseconds(1000);
  Backoff b(s, 42);
  for (uint32_t attempt = 1; attempt < 10; ++attempt) {
    const int64_t full = std::min<int64_t>(100LL << (attempt - 1), 1000);
    const int64_t d = b.delay(attempt).count();
    EXPECT_GE(d, full - full / 2) << attempt;
    EXPECT_LE(d, full) << attempt;
  }
}

}  // namespace
}  // namespace rcfeed
