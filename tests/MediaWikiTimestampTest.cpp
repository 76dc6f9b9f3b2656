// TS_MW timestamps, and the ISO 8601 form `rcfeed tail --since` also takes.

#include <gtest/gtest.h>

#include "rcfeed/MediaWikiTimestamp.h"

namespace rcfeed {
namespace {

TEST(MediaWikiTimestamp, ParsesTsMwAsUtc) {
  EXPECT_EQ(parseMediaWikiTimestamp("20261204192812"), 1796412492);
  EXPECT_EQ(parseMediaWikiTimestamp("19700101000000"), 0);
  EXPECT_FALSE(parseMediaWikiTimestamp("2026120419281"));
  EXPECT_FALSE(parseMediaWikiTimestamp("20261304192812"));
  EXPECT_FALSE(parseMediaWikiTimestamp("2026-12-04 19:2"));
}

TEST(MediaWikiTimestamp, IsoTimesBecomeTsMw) {
  EXPECT_EQ(toMediaWikiTimestamp("2026-12-04T19:28:12Z"), "20261204192812");
  EXPECT_EQ(toMediaWikiTimestamp("2026-12-04T20:28:12+01:00"), "20261204192812");
  EXPECT_EQ(toMediaWikiTimestamp("20261204192812"), "20261204192812");
  EXPECT_FALSE(toMediaWikiTimestamp("yesterday"));
  EXPECT_FALSE(toMediaWikiTimestamp("2026-12-04"));
}

}  // namespace
}  // namespace rcfeed
