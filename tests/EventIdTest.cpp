// meta.id and meta.dt (formatter/EventId.h). The expected UUIDs come from
// Python's uuid.uuid5 with rcfeed's namespace UUID, and the timestamps from
// the C library's gmtime + strftime, so both are checked against an
// implementation other than rcfeed's.

#include <gtest/gtest.h>

#include <ctime>

#include "formatter/EventId.h"

namespace rcfeed {
namespace {

RecentChange withIds(std::optional<int64_t> rcId, std::optional<int64_t> logId) {
  RecentChange rc;
  rc.id = rcId;
  rc.logId = logId;
  return rc;
}

TEST(EventId, VersionFiveOfWikiAndRcId) {
  EXPECT_EQ(eventId("enwiki", withIds(42, 7)), "ba899f3e-b092-5234-ae4d-3d66edf92624");
  EXPECT_EQ(eventId("dewiki", withIds(-1, std::nullopt)), "d35d67ad-f6e4-5f13-8fb7-937369fe2d05");
}

TEST(EventId, LogIdWhenTheChangeHasNoRow) {
  EXPECT_EQ(eventId("enwiki", withIds(std::nullopt, 7)), "b22d80a9-6041-580d-a0a4-156d278c7bb2");
  EXPECT_EQ(eventIdName("enwiki", withIds(std::nullopt, 7)), "enwiki/log/7");
}

TEST(EventId, RandomVersionFourWithoutAnyId) {
  const RecentChange none = withIds(std::nullopt, std::nullopt);
  const std::string a = eventId("enwiki", none), b = eventId("enwiki", none);
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_EQ(eventIdName("enwiki", none), "");
}

std::string strftimeUtc(int64_t unixSeconds) {
  std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TEST(IsoTimestamp, AgreesWithStrftimeAcrossLeapDaysCenturiesAndYearBounds) {
  for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{951782400}, int64_t{1709164799}, int64_t{1709251199},
                    int64_t{4102444800}, int64_t{253402300799}, int64_t{253402300800}, int64_t{-30610224000},
                    int64_t{-30610224001}, int64_t{-62135596800}})
    EXPECT_EQ(isoTimestamp(t), strftimeUtc(t)) << t;
  // Every 86,399th second over 60 years: all hours, minutes, days, months.
  for (int64_t t = 0; t < 60 * 31556952LL; t += 86399 * 7) EXPECT_EQ(isoTimestamp(t), strftimeUtc(t)) << t;
}

TEST(IsoTimestamp, FourDigitYearsFromTheCalendar) {
  EXPECT_EQ(isoTimestamp(1709164799), "2024-02-28T23:59:59Z");
  EXPECT_EQ(isoTimestamp(-30610224000), "1000-01-01T00:00:00Z");
}

}  // namespace
}  // namespace rcfeed
