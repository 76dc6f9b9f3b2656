// The UDP source over loopback: MediaWiki's datagrams in, changes out of the
// spool, bad and unwelcome datagrams counted and left behind.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/NetException.h>

#include <functional>
#include <map>
#include <thread>

#include "Fixtures.h"
#include "TempDir.h"
#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/UdpDatagram.h"
#include "rcfeed/UdpSource.h"

namespace rcfeed {
namespace {

using Poco::Net::DatagramSocket;
using Poco::Net::SocketAddress;
using std::chrono::milliseconds;

// Loopback is fast; this only bounds a test that would otherwise hang.
constexpr auto kPatience = std::chrono::seconds(30);

bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return true;
}

// Same join as the golden test: rc_id, or log_id for changes without a row.
std::string joinKey(const rapidjson::Value& v) {
  if (v.HasMember("id") && v["id"].IsInt64()) return "rc" + std::to_string(v["id"].GetInt64());
  return "log" + std::to_string(v["log_id"].GetInt64());
}

std::string joinKey(const RecentChange& rc) {
  return rc.id ? "rc" + std::to_string(*rc.id) : "log" + std::to_string(rc.logId.value_or(-1));
}

class UdpSourceTest : public ::testing::Test {
 protected:
  void SetUp() override { lines_ = test::readLines("mw139-en/udp-json.jsonl"); }

  UdpSourceOptions options(const std::string& spoolName = "spool") const {
    UdpSourceOptions o;
    o.listen = "127.0.0.1:0";
    o.spool.directory = dir_.file(spoolName);
    return o;
  }

  // Sends in windows the receiver has confirmed, so a small kernel buffer
  // cannot drop any.
  static void sendAll(DatagramSocket& client, UdpSource& source, const std::vector<std::string>& payloads) {
    const uint64_t start = source.counters().received;
    constexpr size_t kWindow = 32;
    for (size_t i = 0; i < payloads.size(); ++i) {
      client.sendTo(payloads[i].data(), static_cast<int>(payloads[i].size()), source.address());
      if ((i + 1) % kWindow == 0 || i + 1 == payloads.size()) {
        ASSERT_TRUE(eventually([&] { return source.counters().received >= start + i + 1; }))
            << "datagrams not received: " << i + 1;
      }
    }
  }

  static std::vector<SourcedChange> collect(UdpSource& source, size_t count) {
    std::vector<SourcedChange> out;
    eventually([&] {
      source.poll(out, count - out.size(), milliseconds(50));
      return out.size() >= count;
    });
    return out;
  }

  static DatagramSocket clientOn(const std::string& host) {
    return DatagramSocket(SocketAddress(host, 0), false);
  }

  std::vector<std::string> lines_;
  test::TempDir dir_;
};

TEST_F(UdpSourceTest, EveryFixtureDatagramBecomesTheEventEventBusSent) {
  std::map<std::string, std::unique_ptr<rapidjson::Document>> refs;
  for (const auto& line : test::readLines("mw139-en/eventbus-events.jsonl")) {
    auto doc = std::make_unique<rapidjson::Document>();
    doc->Parse(line.c_str());
    ASSERT_FALSE(doc->HasParseError());
    const std::string key = joinKey(*doc);
    refs[key] = std::move(doc);
  }
  ASSERT_EQ(refs.size(), lines_.size());

  UdpSource source(options());
  DatagramSocket client = clientOn("127.0.0.1");
  sendAll(client, source, lines_);
  const auto changes = collect(source, lines_.size());
  ASSERT_EQ(changes.size(), lines_.size());

  const EventBusRCFeedFormatter formatter(Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json")),
                                          FormatterOptions{});
  Position previous = 0;
  for (const SourcedChange& change : changes) {
    const std::string key = joinKey(change.rc);
    SCOPED_TRACE(key);
    EXPECT_GT(change.position, previous);
    previous = change.position;
    auto it = refs.find(key);
    ASSERT_NE(it, refs.end());
    const rapidjson::Document& ref = *it->second;
    std::string event;
    ASSERT_TRUE(formatter.format(change.rc, ref["meta"]["request_id"].GetString(), event));
    rapidjson::Document ours;
    ours.Parse(event.c_str());
    ASSERT_FALSE(ours.HasParseError()) << event;
    ASSERT_EQ(ours.MemberCount(), ref.MemberCount()) << event;
    for (const auto& m : ref.GetObject()) {
      const std::string name = m.name.GetString();
      ASSERT_TRUE(ours.HasMember(name.c_str())) << "missing " << name;
      if (name == "parsedcomment") continue;  // page existence at send time; not this test's concern
      if (name == "meta") {
        for (const auto& mm : m.value.GetObject()) {
          const std::string sub = mm.name.GetString();
          if (sub == "id") continue;  // random per send in EventBus
          EXPECT_TRUE(ours["meta"][sub.c_str()] == mm.value) << "meta." << sub;
        }
        continue;
      }
      EXPECT_TRUE(ours[name.c_str()] == m.value) << name << "\nours: " << event;
    }
    refs.erase(it);
  }
  EXPECT_TRUE(refs.empty()) << refs.size() << " reference events had no change";

  const UdpSourceCounters c = source.counters();
  EXPECT_EQ(c.received, lines_.size());
  EXPECT_EQ(c.spooled, lines_.size());
  EXPECT_EQ(c.malformed, 0u);
  EXPECT_EQ(c.notAllowed, 0u);
  EXPECT_GT(c.spoolBytes, 0u);
}

TEST_F(UdpSourceTest, PrefixedDatagramsAreAccepted) {
  UdpSource source(options());
  DatagramSocket client = clientOn("127.0.0.1");
  std::vector<std::string> payloads;
  for (size_t i = 0; i < 3; ++i) payloads.push_back("rc-feed " + lines_[i] + "\n");
  sendAll(client, source, payloads);
  const auto changes = collect(source, 3);
  ASSERT_EQ(changes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    RecentChange expected;
    ASSERT_TRUE(readJsonRCFeedLine(lines_[i], expected).ok);
    EXPECT_EQ(joinKey(changes[i].rc), joinKey(expected));
    EXPECT_EQ(changes[i].rc.title, expected.title);
  }
  EXPECT_EQ(source.counters().malformed, 0u);
}

TEST_F(UdpSourceTest, MalformedDatagramsAreCountedAndDoNotStopIt) {
  UdpSource source(options());
  DatagramSocket client = clientOn("127.0.0.1");
  std::string big = lines_[0];
  big.insert(big.find("\"comment\":\"") + 11, std::string(2 * kMaxUdpPayload, 'x'));
  const std::vector<std::string> payloads = {
      "not json at all",
      big.substr(0, kMaxUdpPayload),  // what UDPTransport sends for a change too large for a datagram
      "{\"type\":\"edit\"}",          // JSON, but not a change
      std::string("\xff\xfe\x00garbage", 10),
      lines_[1],
  };
  sendAll(client, source, payloads);
  const auto changes = collect(source, 1);
  ASSERT_EQ(changes.size(), 1u);
  RecentChange expected;
  ASSERT_TRUE(readJsonRCFeedLine(lines_[1], expected).ok);
  EXPECT_EQ(joinKey(changes[0].rc), joinKey(expected));
  const UdpSourceCounters c = source.counters();
  EXPECT_EQ(c.received, 5u);
  EXPECT_EQ(c.malformed, 4u);
  EXPECT_EQ(c.spooled, 1u);
}

TEST_F(UdpSourceTest, OversizeDatagramIsCountedAsMalformed) {
  // IPv4 cannot carry more than MediaWiki's limit; IPv6 can, a little.
  UdpSourceOptions o = options();
  o.listen = "[::1]:0";
  std::unique_ptr<UdpSource> source;
  try {
    source = std::make_unique<UdpSource>(o);
  } catch (const std::runtime_error& e) {
    GTEST_SKIP() << "no IPv6 loopback: " << e.what();
  }
  DatagramSocket client = clientOn("::1");
  std::string big = lines_[0];
  big.insert(big.find("\"comment\":\"") + 11, std::string(kMaxUdpPayload + 10 - big.size(), 'x'));
  ASSERT_GT(big.size(), kMaxUdpPayload);
  sendAll(client, *source, {big, lines_[2]});
  const auto changes = collect(*source, 1);
  ASSERT_EQ(changes.size(), 1u);
  RecentChange expected;
  ASSERT_TRUE(readJsonRCFeedLine(lines_[2], expected).ok);
  EXPECT_EQ(joinKey(changes[0].rc), joinKey(expected));
  EXPECT_EQ(source->counters().malformed, 1u);
}

TEST_F(UdpSourceTest, SenderOutsideTheAllowlistIsIgnored) {
  UdpSourceOptions o = options();
  o.allow = {"127.0.0.1/32"};
  UdpSource source(o);
  DatagramSocket stranger = clientOn("127.0.0.2");
  DatagramSocket wiki = clientOn("127.0.0.1");
  sendAll(stranger, source, {lines_[0]});
  sendAll(wiki, source, {lines_[1]});
  const auto changes = collect(source, 1);
  ASSERT_EQ(changes.size(), 1u);
  RecentChange expected;
  ASSERT_TRUE(readJsonRCFeedLine(lines_[1], expected).ok);
  EXPECT_EQ(joinKey(changes[0].rc), joinKey(expected));
  std::vector<SourcedChange> more;
  source.poll(more, 10, milliseconds(0));
  EXPECT_TRUE(more.empty());
  const UdpSourceCounters c = source.counters();
  EXPECT_EQ(c.received, 2u);
  EXPECT_EQ(c.notAllowed, 1u);
  EXPECT_EQ(c.spooled, 1u);
}

TEST_F(UdpSourceTest, RestartHandsOutExactlyWhatWasNotAcknowledged) {
  const std::vector<std::string> sent(lines_.begin(), lines_.begin() + 10);
  Position acknowledged = 0;
  {
    UdpSource source(options());
    DatagramSocket client = clientOn("127.0.0.1");
    sendAll(client, source, sent);
    const auto changes = collect(source, 10);
    ASSERT_EQ(changes.size(), 10u);
    acknowledged = changes[5].position;
    source.acknowledge(acknowledged);
  }
  UdpSource source(options());
  const auto changes = collect(source, 4);
  ASSERT_EQ(changes.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    RecentChange expected;
    ASSERT_TRUE(readJsonRCFeedLine(sent[6 + i], expected).ok);
    EXPECT_EQ(joinKey(changes[i].rc), joinKey(expected));
    EXPECT_GT(changes[i].position, acknowledged);
  }
  std::vector<SourcedChange> more;
  source.poll(more, 10, milliseconds(0));
  EXPECT_TRUE(more.empty());
}

TEST_F(UdpSourceTest, StopLetsPollDrainTheSpoolThenEnd) {
  UdpSource source(options());
  DatagramSocket client = clientOn("127.0.0.1");
  sendAll(client, source, {lines_[0], lines_[1]});
  ASSERT_TRUE(eventually([&] { return source.counters().spooled == 2; }));
  source.stop();
  std::vector<SourcedChange> out;
  EXPECT_TRUE(source.poll(out, 10, std::chrono::hours(1)));
  EXPECT_EQ(out.size(), 2u);
  EXPECT_FALSE(source.poll(out, 10, std::chrono::hours(1)));
}

TEST_F(UdpSourceTest, EveryDatagramIsReceivedOrCountedAsDroppedByTheKernel) {
  // A receive buffer far too small for a burst: loopback hands each
  // datagram straight to the socket, which either queues it or counts it.
  UdpSourceOptions o = options();
  o.receiveBufferBytes = 2048;
  UdpSource source(o);
  DatagramSocket client = clientOn("127.0.0.1");
  uint64_t sent = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string& line = lines_[static_cast<size_t>(i) % lines_.size()];
    client.sendTo(line.data(), static_cast<int>(line.size()), source.address());
    ++sent;
  }
  ASSERT_TRUE(eventually([&] {
    const UdpSourceCounters c = source.counters();
    return c.received + c.kernelDropped >= sent && c.spooled == c.received;
  }));
  const UdpSourceCounters c = source.counters();
  EXPECT_EQ(c.received + c.kernelDropped, sent) << "received " << c.received << ", dropped " << c.kernelDropped;
  EXPECT_EQ(c.spooled, c.received);
}

TEST_F(UdpSourceTest, ReceiveBufferIsReported) {
  UdpSourceOptions o = options();
  o.receiveBufferBytes = 1 << 20;
  UdpSource source(o);
  EXPECT_GT(source.receiveBufferBytes(), 0);
  EXPECT_NE(source.address().port(), 0);
  EXPECT_EQ(source.describe(), "udp " + source.address().toString());
}

TEST_F(UdpSourceTest, BadListenAddressOrAllowEntryIsAnError) {
  UdpSourceOptions o = options();
  o.listen = "127.0.0.1:notaport";
  EXPECT_THROW(UdpSource source(o), std::runtime_error);
  o = options();
  o.allow = {"10.0.0.0/40"};
  try {
    UdpSource source(o);
    FAIL() << "bad allow entry accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("10.0.0.0/40"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rcfeed
