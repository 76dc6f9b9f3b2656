#include "rcfeed/MediaWikiTimestamp.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>
#include <ctime>
#include <regex>

namespace rcfeed {

std::optional<int64_t> parseMediaWikiTimestamp(std::string_view ts) {
  if (ts.size() != 14 || !std::all_of(ts.begin(), ts.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (ts[i] - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(8, 2);
  tm.tm_min = num(10, 2);
  tm.tm_sec = num(12, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60)
    return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

std::optional<std::string> toMediaWikiTimestamp(std::string_view ts) {
  if (parseMediaWikiTimestamp(ts)) return std::string(ts);
  // Poco's parser skips what it does not expect; the form is checked first.
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))");
  if (!std::regex_match(ts.begin(), ts.end(), iso)) return std::nullopt;
  Poco::DateTime dt;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, std::string(ts), dt, tzd) &&
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, std::string(ts), dt, tzd))
    return std::nullopt;
  dt.makeUTC(tzd);
  return Poco::DateTimeFormatter::format(dt, "%Y%m%d%H%M%S");
}

}  // namespace rcfeed
