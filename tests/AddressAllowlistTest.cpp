#include <gtest/gtest.h>

#include "rcfeed/AddressAllowlist.h"

namespace rcfeed {
namespace {

using Poco::Net::IPAddress;

TEST(AddressAllowlistTest, MatchesCidrRangesAndSingleAddresses) {
  const AddressAllowlist allow({"127.0.0.0/8", "::1", "192.0.2.7", "2001:db8::/32"});
  EXPECT_TRUE(allow.allows(IPAddress("127.0.0.1")));
  EXPECT_TRUE(allow.allows(IPAddress("127.255.0.9")));
  EXPECT_TRUE(allow.allows(IPAddress("::1")));
  EXPECT_TRUE(allow.allows(IPAddress("192.0.2.7")));
  EXPECT_TRUE(allow.allows(IPAddress("2001:db8:1::5")));
  EXPECT_FALSE(allow.allows(IPAddress("128.0.0.1")));
  EXPECT_FALSE(allow.allows(IPAddress("192.0.2.8")));
  EXPECT_FALSE(allow.allows(IPAddress("::2")));
  EXPECT_FALSE(allow.allows(IPAddress("2001:db9::1")));
}

TEST(AddressAllowlistTest, IPv4MappedSenderMatchesItsIPv4Range) {
  const AddressAllowlist allow({"127.0.0.1/32"});
  EXPECT_TRUE(allow.allows(IPAddress("::ffff:127.0.0.1")));
  EXPECT_FALSE(allow.allows(IPAddress("::ffff:127.0.0.2")));
}

TEST(AddressAllowlistTest, EmptyListAllowsNobody) {
  const AddressAllowlist allow({});
  EXPECT_FALSE(allow.allows(IPAddress("127.0.0.1")));
}

TEST(AddressAllowlistTest, BadEntriesAreNamed) {
  for (const std::string bad : {"localhost", "127.0.0.1/33", "::1/129", "10.0.0.0/", "10.0.0.0/x"}) {
    try {
      AddressAllowlist allow({bad});
      ADD_FAILURE() << bad << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("'" + bad + "'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace rcfeed
