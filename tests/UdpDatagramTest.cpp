// UDP datagrams as MediaWiki's UDPTransport sends them (spec 1.6).

#include <gtest/gtest.h>

#include "Fixtures.h"
#include "rcfeed/UdpDatagram.h"

namespace rcfeed {
namespace {

class UdpDatagramTest : public ::testing::Test {
 protected:
  void SetUp() override { line_ = test::readLines("mw139-en/udp-json.jsonl").at(0); }
  std::string line_;
};

TEST_F(UdpDatagramTest, PlainJsonLineIsRead) {
  RecentChange expected, rc;
  ASSERT_TRUE(readJsonRCFeedLine(line_, expected).ok);
  const LineReadResult r = readUdpDatagram(line_, rc);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(rc.id, expected.id);
  EXPECT_EQ(rc.title, expected.title);
}

TEST_F(UdpDatagramTest, PrefixAndTrailingNewlineAreRemoved) {
  std::string_view line;
  std::string error;
  const std::string datagram = "rc-feed " + line_ + "\n";
  ASSERT_TRUE(extractRCFeedLine(datagram, line, error)) << error;
  EXPECT_EQ(line, line_);
  RecentChange rc;
  EXPECT_TRUE(readUdpDatagram(datagram, rc).ok);
}

TEST_F(UdpDatagramTest, TrailingNewlineWithoutPrefixIsRemoved) {
  std::string_view line;
  std::string error;
  const std::string datagram = line_ + "\n";
  ASSERT_TRUE(extractRCFeedLine(datagram, line, error)) << error;
  EXPECT_EQ(line, line_);
}

TEST_F(UdpDatagramTest, DatagramCutAtMediaWikisLimitIsMalformed) {
  // A change too large for one datagram: UDPTransport cuts it byte-wise.
  std::string big = line_;
  big.insert(big.find("\"comment\":\"") + 11, std::string(70000, 'x'));
  RecentChange rc;
  ASSERT_TRUE(readJsonRCFeedLine(big, rc).ok);
  const std::string cut = big.substr(0, kMaxUdpPayload);
  const LineReadResult r = readUdpDatagram(cut, rc);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("invalid JSON"), std::string::npos) << r.error;
}

TEST_F(UdpDatagramTest, OversizeDatagramIsRefusedBySize) {
  std::string big = line_;
  big.insert(big.find("\"comment\":\"") + 11, std::string(kMaxUdpPayload, 'x'));
  RecentChange rc;
  const LineReadResult r = readUdpDatagram(big, rc);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("oversize"), std::string::npos) << r.error;
}

TEST_F(UdpDatagramTest, EmptyAndPrefixOnlyDatagramsAreRefused) {
  RecentChange rc;
  for (const std::string payload : {"", "\n", "rc-feed \n", "garbage"}) {
    SCOPED_TRACE("payload '" + payload + "'");
    const LineReadResult r = readUdpDatagram(payload, rc);
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
  }
}

TEST_F(UdpDatagramTest, DescriptionEscapesAndShortensPayload) {
  std::string payload = "a\"b\\c\x01\xff";
  payload += std::string(100, 'z');
  const std::string d = describeDatagram(payload, "127.0.0.1:4711");
  EXPECT_EQ(d, "first bytes \"a\\\"b\\\\c\\x01\\xff" + std::string(57, 'z') + "\"... (107 bytes) from 127.0.0.1:4711");
}

}  // namespace
}  // namespace rcfeed
