// `rcfeed run`, the daemon, as an operator runs it: the built binary, a
// config file, real sockets on loopback, signals.

#include <Poco/Net/DatagramSocket.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "Fixtures.h"
#include "RcfeedProcess.h"
#include "TempDir.h"

namespace rcfeed {
namespace {

namespace fs = std::filesystem;

size_t lineCount(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

using test::eventually;
using test::freeTcpPort;
using test::freeUdpPort;
using test::httpGet;
using test::launch;
using test::waitExit;

class RunCommandTest : public ::testing::Test {
 protected:
  std::string writeConfig(const std::string& source) {
    const std::string path = dir.file("rcfeed.json");
    std::ofstream(path) << R"({
  "wiki": ")" << test::fixturePath("mw139-en/siteinfo.json") << R"(",
  "EnableEventBus": "TYPE_EVENT",
  "EventServices": { "sink": { "url": "file://)" << events() << R"(" } },
  "EventServiceDefault": "sink",
  "RCFeeds": { "enwiki": { "class": "EventBusRCFeedEngine", "formatter": "EventBusRCFeedFormatter",
                           "source": )" << source << R"( } }
})";
    return path;
  }
  std::string events() const { return dir.file("events.jsonl"); }

  test::TempDir dir;
};

TEST_F(RunCommandTest, OnceDeliversTheTableAndARestartSendsNothingTwice) {
  const std::string db = dir.file("enwiki.sqlite");
  fs::copy_file(test::fixturePath("mw139-en/enwiki.sqlite"), db);
  const std::string config =
      writeConfig(R"({"type":"db","dsn":"sqlite:)" + db + R"(","state":")" + dir.file("enwiki.checkpoint") + "\"}");

  ASSERT_EQ(waitExit(launch({"run", "--config", config, "--once", "--metrics", "off"}, dir.file("run1.log"))), 0);
  // Every row of the fixture table (rc_id 1..310 less deleted and suppressed rows).
  EXPECT_EQ(lineCount(events()), 290u);
  ASSERT_TRUE(fs::exists(dir.file("enwiki.checkpoint")));

  ASSERT_EQ(waitExit(launch({"run", "--config", config, "--once", "--metrics", "off"}, dir.file("run2.log"))), 0);
  EXPECT_EQ(lineCount(events()), 290u);

  // --since-id overrides the checkpoint: the rows after 300 again.
  ASSERT_EQ(waitExit(launch({"run", "--config", config, "--once", "--metrics", "off", "--since-id", "300"},
                            dir.file("run3.log"))),
            0);
  EXPECT_EQ(lineCount(events()), 300u);
}

TEST_F(RunCommandTest, UdpFeedServesMetricsAndStopsCleanlyOnSigterm) {
  const uint16_t udpPort = freeUdpPort();
  const uint16_t metricsPort = freeTcpPort();
  const std::string config = writeConfig(R"({"type":"udp","listen":"127.0.0.1:)" + std::to_string(udpPort) +
                                         R"(","spool":")" + dir.file("spool") + "\"}");
  const pid_t pid =
      launch({"run", "--config", config, "--metrics", "127.0.0.1:" + std::to_string(metricsPort)}, dir.file("run.log"));

  int status = 0;
  ASSERT_TRUE(eventually([&] {
    try {
      httpGet(metricsPort, "/healthz", status);
      return true;
    } catch (const Poco::Exception&) {
      return false;
    }
  }));
  EXPECT_EQ(status, 200);

  Poco::Net::DatagramSocket sender(Poco::Net::SocketAddress("127.0.0.1", 0));
  const auto lines = test::readLines("mw139-en/udp-json.jsonl");
  for (const auto& line : lines) {
    sender.sendTo(line.data(), static_cast<int>(line.size()), Poco::Net::SocketAddress("127.0.0.1", udpPort));
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ASSERT_TRUE(eventually([&] { return lineCount(events()) >= lines.size(); })) << lineCount(events());

  const std::string metrics = httpGet(metricsPort, "/metrics", status);
  EXPECT_EQ(status, 200);
  EXPECT_NE(metrics.find("rcfeed_events_accepted_total{feed=\"enwiki\"} 320"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("rcfeed_source_udp_received_total{feed=\"enwiki\"} 320"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("# TYPE rcfeed_lag_seconds gauge"), std::string::npos);

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  EXPECT_EQ(waitExit(pid), 0);
  EXPECT_EQ(lineCount(events()), lines.size());
}

TEST_F(RunCommandTest, BadConfigExitsWithTheFileKeyAndReason) {
  const std::string config = writeConfig(R"({"type":"udp"})");
  EXPECT_EQ(waitExit(launch({"run", "--config", config, "--metrics", "off"}, dir.file("bad.log"))), 1);
  std::ifstream in(dir.file("bad.log"));
  std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("RCFeeds.enwiki.source.spool: missing"), std::string::npos) << log;
}

TEST_F(RunCommandTest, OnceRefusesAUdpFeed) {
  const std::string config = writeConfig(R"({"type":"udp","listen":"127.0.0.1:)" + std::to_string(freeUdpPort()) +
                                         R"(","spool":")" + dir.file("spool") + "\"}");
  EXPECT_EQ(waitExit(launch({"run", "--config", config, "--once", "--metrics", "off"}, dir.file("once.log"))), 1);
}

}  // namespace
}  // namespace rcfeed
