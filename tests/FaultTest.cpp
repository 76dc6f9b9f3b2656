// The delivery promises of `rcfeed run` under faults (README "Delivery
// guarantees"), with the built binary, real sockets on loopback and an
// EventGate stand-in:
//   - crash: kill -9 at random moments while a DB tail delivers a large
//     generated wiki; every row arrives at least once;
//   - outage: 503s, then refused connections, then recovery; nothing lost,
//     the backlog drains, /healthz follows, memory stays bounded;
//   - UDP spool: datagrams received while the service is down survive a
//     kill -9 and are delivered after the restart;
//   - EventGate's 207/400/500 answers: invalid and poison events end in the
//     dead-letter file with the reason, the rest are accepted.
// Each prints its figures on stdout ("figures: ..."). Under AddressSanitizer
// the generated wiki is smaller (the tests say so); nothing is skipped.

#include <gtest/gtest.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Net/StreamSocket.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "EventGateSink.h"
#include "Fixtures.h"
#include "RcfeedProcess.h"
#include "TempDir.h"

namespace rcfeed {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::EventGateSink;

// Rows of the generated wiki: 100,000, fewer under the sanitizer, whose
// build delivers about ten times slower.
size_t generatedRows(size_t sanitized) { return kSanitized ? sanitized : 100000; }

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

class FaultTest : public ::testing::Test {
 protected:
  // A MediaWiki 1.39 SQLite wiki of `rows` changes from bench/dbtail/make-db.py.
  std::string generateWiki(size_t rows) {
    const std::string db = dir.file("wiki.sqlite");
    const std::string script = std::string(RCFEED_FIXTURES) + "/../bench/dbtail/make-db.py";
    const int rc = test::waitExitWithin(
        test::launch({script, db, std::to_string(rows)}, dir.file("make-db.log"), "python3"), 120s);
    EXPECT_EQ(rc, 0) << "make-db.py failed, see " << dir.file("make-db.log");
    return db;
  }

  // "rc:<rc_id>" of every row the feed must deliver: not suppressed, not external.
  static std::set<std::string> deliverableRows(const std::string& db) {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", db);
    std::vector<int64_t> ids;
    session << "SELECT rc_id FROM recentchanges WHERE rc_deleted = 0 AND rc_type <> 5", Poco::Data::Keywords::into(ids),
        Poco::Data::Keywords::now;
    std::set<std::string> keys;
    for (int64_t id : ids) keys.insert("rc:" + std::to_string(id));
    return keys;
  }

  // One feed "enwiki" sending to `url`; `source` and `feedExtra` are JSON.
  std::string writeConfig(const std::string& url, const std::string& source, const std::string& feedExtra = "",
                          const std::string& topExtra = "") {
    const std::string path = dir.file("rcfeed.json");
    std::ofstream(path) << R"({
  "wiki": ")" << test::fixturePath("mw139-en/siteinfo.json") << R"(",
  "EnableEventBus": "TYPE_EVENT",
  "EventServices": { "gate": { "url": ")" << url << R"(", "timeout": 5 } },
  "EventServiceDefault": "gate",)" << topExtra << R"(
  "RCFeeds": { "enwiki": { "class": "EventBusRCFeedEngine", "retry_initial_ms": 20, "retry_max_ms": 250,)"
                        << feedExtra << R"( "source": )" << source << R"( } }
})";
    return path;
  }

  std::string dbSource(const std::string& db) {
    return R"({"type":"db","dsn":"sqlite:)" + db + R"(","state":")" + dir.file("enwiki.checkpoint") +
           R"(","poll_ms":100})";
  }

  static std::vector<std::string> missing(const std::set<std::string>& expected,
                                          const std::map<std::string, uint32_t>& arrived) {
    std::vector<std::string> out;
    for (const auto& k : expected)
      if (!arrived.count(k)) out.push_back(k);
    return out;
  }

  std::string log() const { return dir.file("rcfeed.log"); }

  test::TempDir dir;
};

TEST_F(FaultTest, KillNineAtRandomMomentsLosesNoRow) {
  const size_t rows = generatedRows(40000);
  const std::string db = generateWiki(rows);
  const std::set<std::string> expected = deliverableRows(db);
  ASSERT_EQ(expected.size(), rows);
  EventGateSink sink;
  const std::string config = writeConfig(sink.url(), dbSource(db));

  // Kill moments: uniform in a window that lets each run start and deliver
  // a part of the table (the sanitizer build starts and runs slower).
  std::mt19937 random(20261204);
  std::uniform_int_distribution<int> moment(kSanitized ? 300 : 100, kSanitized ? 900 : 350);
  constexpr int kKills = 24;
  std::vector<size_t> duplicatesAfter{0};  // duplicates seen when run n ended
  std::vector<size_t> deliveredAtKill;
  const auto start = Clock::now();
  for (int k = 0; k < kKills; ++k) {
    const pid_t pid = test::launch({"run", "--config", config, "--metrics", "off"}, log());
    std::this_thread::sleep_for(std::chrono::milliseconds(moment(random)));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    ASSERT_EQ(test::waitExit(pid), 128 + SIGKILL) << "the daemon ended before it was killed; see " << log();
    deliveredAtKill.push_back(sink.distinctAccepted());
    duplicatesAfter.push_back(sink.acceptedTotal() - sink.distinctAccepted());
  }
  const int rc =
      test::waitExitWithin(test::launch({"run", "--config", config, "--metrics", "off", "--once"}, log()), 120s);
  ASSERT_EQ(rc, 0) << "see " << log();
  duplicatesAfter.push_back(sink.acceptedTotal() - sink.distinctAccepted());

  const auto arrived = sink.accepted();
  const auto lost = missing(expected, arrived);
  const size_t duplicates = sink.acceptedTotal() - arrived.size();
  std::ostringstream perCrash, progress;
  const auto midDelivery =
      std::count_if(deliveredAtKill.begin(), deliveredAtKill.end(), [&](size_t n) { return n < rows; });
  for (int k = 0; k < kKills; ++k) {
    perCrash << (k ? " " : "") << duplicatesAfter[k + 2] - duplicatesAfter[k + 1];
    progress << (k ? " " : "") << deliveredAtKill[k];
  }
  std::cout << "figures: crash test" << (kSanitized ? " (AddressSanitizer build: smaller wiki)" : "") << ": rows "
            << rows << ", kills " << kKills << ", events accepted " << sink.acceptedTotal() << ", distinct "
            << arrived.size() << ", lost " << lost.size() << ", duplicates " << duplicates << ", in "
            << secondsSince(start) << " s\n"
            << "figures: kills while rows were still undelivered: " << midDelivery << "\n"
            << "figures: duplicates per crash: " << perCrash.str() << "\n"
            << "figures: distinct rows delivered at each kill: " << progress.str() << "\n";
  EXPECT_TRUE(lost.empty()) << lost.size() << " rows never delivered, first " << lost.front();
  // Kills fell while the table was being delivered, not only after.
  EXPECT_LT(deliveredAtKill.front(), rows);
}

TEST_F(FaultTest, OutageOf503ThenRefusedConnectionsLosesNothingAndDrains) {
  const size_t rows = generatedRows(20000);
  const std::string db = generateWiki(rows);
  const std::set<std::string> expected = deliverableRows(db);
  EventGateSink sink;
  sink.setUnavailable(true);
  const uint16_t metricsPort = test::freeTcpPort();
  const std::string config = writeConfig(sink.url(), dbSource(db));
  const pid_t pid =
      test::launch({"run", "--config", config, "--metrics", "127.0.0.1:" + std::to_string(metricsPort)}, log());

  auto health = [&] {
    int status = 0;
    try {
      test::httpGet(metricsPort, "/healthz", status);
    } catch (const Poco::Exception&) {
      return 0;
    }
    return status;
  };
  auto metric = [&](const std::string& name) {
    int status = 0;
    try {
      return test::metricValue(test::httpGet(metricsPort, "/metrics", status), name, "enwiki");
    } catch (const Poco::Exception&) {
      return -1.0;
    }
  };

  const auto outageStart = Clock::now();
  ASSERT_TRUE(test::eventually([&] { return metric("rcfeed_events_retried_total") > 0; })) << "see " << log();
  EXPECT_EQ(health(), 503);
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(health(), 503);
  const size_t requestsWhile503 = sink.requests();

  sink.close();
  EXPECT_THROW(Poco::Net::StreamSocket(Poco::Net::SocketAddress("127.0.0.1", sink.port())), Poco::Exception)
      << "the closed service still accepts connections";
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(health(), 503);
  EXPECT_EQ(sink.distinctAccepted(), 0u);
  const long rssDuringOutage = test::procStatusKiB(pid, "VmRSS");

  sink.setUnavailable(false);
  sink.open();
  const double outage = secondsSince(outageStart);
  const auto recovered = Clock::now();
  const bool drained = test::eventually([&] { return sink.distinctAccepted() >= expected.size(); }, 120s);
  const double drainTime = secondsSince(recovered);
  EXPECT_TRUE(drained) << sink.distinctAccepted() << " of " << expected.size();
  EXPECT_TRUE(test::eventually([&] { return health() == 200; }));
  const long hwm = test::procStatusKiB(pid, "VmHWM");
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_EQ(test::waitExitWithin(pid, 30s), 0) << "see " << log();

  const auto lost = missing(expected, sink.accepted());
  std::cout << "figures: outage test" << (kSanitized ? " (AddressSanitizer build: smaller wiki)" : "") << ": rows "
            << rows << ", outage " << outage << " s (503 answers " << requestsWhile503
            << ", then refused connections), backlog drained in " << drainTime << " s, lost " << lost.size()
            << ", duplicates " << sink.acceptedTotal() - sink.distinctAccepted() << ", VmRSS during outage "
            << rssDuringOutage << " KiB, VmHWM " << hwm << " KiB\n";
  EXPECT_TRUE(lost.empty()) << lost.size() << " rows never delivered";
  EXPECT_GT(requestsWhile503, 1u);
  ASSERT_GT(hwm, 0);
  // Under ASan its quarantine of freed memory (256 MiB by default) and
  // shadow memory dominate the footprint.
  EXPECT_LT(hwm, kSanitized ? 1024 * 1024 : 64 * 1024) << "KiB";
}

TEST_F(FaultTest, DatagramsSpooledWhileTheServiceIsDownSurviveKillNine) {
  const uint16_t udpPort = test::freeUdpPort();
  const uint16_t sinkPort = test::freeTcpPort();  // nothing listens there yet
  const uint16_t metricsPort = test::freeTcpPort();
  const std::string config =
      writeConfig("http://127.0.0.1:" + std::to_string(sinkPort) + "/v1/events",
                  R"({"type":"udp","listen":"127.0.0.1:)" + std::to_string(udpPort) + R"(","spool":")" +
                      dir.file("spool") + "\"}");
  pid_t pid = test::launch({"run", "--config", config, "--metrics", "127.0.0.1:" + std::to_string(metricsPort)}, log());
  auto metric = [&](const std::string& name) {
    int status = 0;
    try {
      return test::metricValue(test::httpGet(metricsPort, "/metrics", status), name, "enwiki");
    } catch (const Poco::Exception&) {
      return -1.0;
    }
  };
  ASSERT_TRUE(test::eventually([&] { return metric("rcfeed_source_spool_appended_total") >= 0; })) << "see " << log();

  const auto lines = test::readLines("mw139-en/udp-json.jsonl");
  std::set<std::string> sent;
  for (const auto& line : lines) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    sent.insert(d.HasMember("id") && d["id"].IsInt64() ? "rc:" + std::to_string(d["id"].GetInt64())
                                                        : "log:" + std::to_string(d["log_id"].GetInt64()));
  }
  Poco::Net::DatagramSocket sender(Poco::Net::SocketAddress("127.0.0.1", 0));
  for (const auto& line : lines) {
    sender.sendTo(line.data(), static_cast<int>(line.size()), Poco::Net::SocketAddress("127.0.0.1", udpPort));
    std::this_thread::sleep_for(200us);
  }
  ASSERT_TRUE(test::eventually([&] { return metric("rcfeed_source_spool_appended_total") >= double(lines.size()); }))
      << metric("rcfeed_source_spool_appended_total");
  const double received = metric("rcfeed_source_udp_received_total");
  EXPECT_EQ(metric("rcfeed_events_accepted_total"), 0);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  ASSERT_EQ(test::waitExit(pid), 128 + SIGKILL);

  EventGateSink sink(sinkPort);
  const auto restart = Clock::now();
  pid = test::launch({"run", "--config", config, "--metrics", "off"}, log());
  const bool delivered = test::eventually([&] { return sink.distinctAccepted() >= sent.size(); });
  const double deliveryTime = secondsSince(restart);
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_EQ(test::waitExitWithin(pid, 30s), 0) << "see " << log();

  std::set<std::string> arrived;
  for (const auto& [key, n] : sink.accepted()) arrived.insert(key);
  std::cout << "figures: UDP spool test: datagrams sent " << lines.size() << ", received " << received
            << ", spooled before kill -9, delivered after restart " << arrived.size() << " in " << deliveryTime
            << " s, duplicates " << sink.acceptedTotal() - arrived.size() << "\n";
  EXPECT_TRUE(delivered);
  EXPECT_EQ(received, double(lines.size()));
  EXPECT_EQ(arrived, sent);
}

TEST_F(FaultTest, InvalidAndPoisonEventsAreDeadLetteredTheRestAccepted) {
  const std::string db = dir.file("enwiki.sqlite");
  std::filesystem::copy_file(test::fixturePath("mw139-en/enwiki.sqlite"), db);
  const std::set<std::string> expected = deliverableRows(db);
  // Invalid: every 7th change and a run of consecutive ones (so that some
  // batch is all invalid: 400); error, as for an unloadable $schema: every
  // 37th (alone in its retries: 500).
  auto number = [](const std::string& key) { return std::stoll(key.substr(key.find(':') + 1)); };
  auto invalid = [&](const std::string& key) {
    const int64_t n = number(key);
    return n % 7 == 0 || (n >= 200 && n < 230);
  };
  auto error = [&](const std::string& key) { return !invalid(key) && number(key) % 37 == 1; };
  EventGateSink sink;
  sink.setJudge([&](const std::string& key) {
    return invalid(key) ? EventGateSink::Verdict::Invalid
           : error(key) ? EventGateSink::Verdict::Error
                        : EventGateSink::Verdict::Accept;
  });
  const std::string config = writeConfig(sink.url(), dbSource(db),
                                         R"("poison_attempts":3,"dead_letter":")" + dir.file("dead.jsonl") + "\",",
                                         R"("producer":{"max_batch_events":5},)");
  ASSERT_EQ(test::waitExitWithin(test::launch({"run", "--config", config, "--metrics", "off", "--once"}, log()), 60s),
            0)
      << "see " << log();

  std::set<std::string> wantAccepted, wantRejected, wantFailed, gotRejected, gotFailed, gotAccepted;
  for (const auto& k : expected) (invalid(k) ? wantRejected : error(k) ? wantFailed : wantAccepted).insert(k);
  for (const auto& [k, n] : sink.accepted()) gotAccepted.insert(k);
  std::ifstream in(dir.file("dead.jsonl"));
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_FALSE(d.HasParseError()) << line;
    const std::string key = "rc:" + std::to_string(d["rc_id"].GetInt64());
    const std::string status = d["status"].GetString();
    const std::string reason = d["reason"].GetString();
    if (status == "rejected") {
      gotRejected.insert(key);
      EXPECT_NE(reason.find("must have required property 'page_title' " + key), std::string::npos) << line;
    } else {
      EXPECT_EQ(status, "failed") << line;
      gotFailed.insert(key);
      EXPECT_NE(reason.find("poison: refused 3 times"), std::string::npos) << line;
      EXPECT_NE(reason.find("Failed loading schema at /mediawiki/recentchange/9.9.9 for " + key), std::string::npos)
          << line;
    }
  }
  const auto answers = sink.answers();
  std::cout << "figures: EventGate paths: events " << expected.size() << ", accepted " << gotAccepted.size()
            << ", rejected " << gotRejected.size() << ", poison " << gotFailed.size() << "; answers";
  for (const auto& [status, n] : answers) std::cout << " " << status << "x" << n;
  std::cout << "\n";
  EXPECT_EQ(gotAccepted, wantAccepted);
  EXPECT_EQ(gotRejected, wantRejected);
  EXPECT_EQ(gotFailed, wantFailed);
  EXPECT_FALSE(wantFailed.empty());
  for (int status : {201, 207, 400, 500}) EXPECT_GT(answers.count(status), 0u) << status;
}

}  // namespace
}  // namespace rcfeed
