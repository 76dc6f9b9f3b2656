// log_action_comment rebuilt from the logging table must equal what
// MediaWiki 1.39 sent for each of the 72 log changes in
// fixtures/mw139-en/udp-json.jsonl (including patrol and tag entries, which
// have no recentchanges row).

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>

#include "DbTailReference.h"
#include "rcfeed/LogActionComment.h"
#include "rcfeed/MediaWikiTimestamp.h"

namespace rcfeed {
namespace {

TEST(LogActionComment, EveryFixtureLogChangeGetsMediaWikisText) {
  auto wiki = Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json"));
  const LogMessages* en = LogMessages::forLanguage("en");
  ASSERT_NE(en, nullptr);
  auto db = test::openFixtureDb();
  size_t compared = 0, trimmed = 0;
  for (const auto& line : test::readLines("mw139-en/udp-json.jsonl")) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (std::string(d["type"].GetString()) != "log") continue;
    const int64_t logId = d["log_id"].GetInt64();
    SCOPED_TRACE("log_id " + std::to_string(logId));
    Poco::Data::Statement st(db);
    st << "SELECT log_type, log_action, log_namespace, log_title, log_params, log_timestamp, actor_name, comment_text "
          "FROM logging JOIN actor ON actor_id = log_actor JOIN comment ON comment_id = log_comment_id "
          "WHERE log_id = " + std::to_string(logId);
    st.execute();
    Poco::Data::RecordSet rs(st);
    ASSERT_EQ(rs.rowCount(), 1u);
    LogEntryRow e;
    e.type = rs.value(0, 0).convert<std::string>();
    e.action = rs.value(1, 0).convert<std::string>();
    std::string title = rs.value(3, 0).convert<std::string>();
    std::replace(title.begin(), title.end(), '_', ' ');
    e.target = wiki->titlePrefix(rs.value(2, 0).convert<int>()) + title;
    e.params = rs.value(4, 0).convert<std::string>();
    e.timestamp = *parseMediaWikiTimestamp(rs.value(5, 0).convert<std::string>());
    e.performer = rs.value(6, 0).convert<std::string>();
    e.comment = rs.value(7, 0).convert<std::string>();
    const auto ours = logActionComment(e, *en);
    ASSERT_TRUE(ours) << e.type << "/" << e.action;
    const std::string ref = d["log_action_comment"].GetString();
    if (*ours != ref) {
      // The feed used the comment untrimmed; the row holds it trimmed.
      EXPECT_EQ(*ours, test::rtrimWhitespace(ref));
      ++trimmed;
    }
    ++compared;
  }
  EXPECT_EQ(compared, 72u);
  EXPECT_LE(trimmed, 1u);
}

LogEntryRow block(std::string duration, std::string flags) {
  LogEntryRow e;
  e.type = "block";
  e.action = "block";
  e.target = "User:X";
  e.performer = "Admin";
  e.timestamp = 1796412492;  // 2026-12-04 19:28:12 UTC
  e.params = "a:2:{s:11:\"5::duration\";s:" + std::to_string(duration.size()) + ":\"" + duration +
             "\";s:8:\"6::flags\";s:" + std::to_string(flags.size()) + ":\"" + flags + "\";}";
  e.comment = "reason";
  return e;
}

TEST(LogActionComment, BlockExpiryFollowsTranslateBlockExpiry) {
  const LogMessages& en = *LogMessages::forLanguage("en");
  EXPECT_EQ(*logActionComment(block("1 week", ""), en), "blocked [[User:X]] with an expiration time of 1 week : reason");
  EXPECT_EQ(*logActionComment(block("indefinite", "nocreate"), en),
            "blocked [[User:X]] with an expiration time of indefinite (account creation disabled): reason");
  EXPECT_EQ(*logActionComment(block("90 minutes", ""), en),
            "blocked [[User:X]] with an expiration time of 1 hour and 30 minutes : reason");
  // Calendar months from the log time: 4 Dec 2026 + 2 months = 4 Feb 2027, 62 days.
  EXPECT_EQ(*logActionComment(block("2 months", ""), en),
            "blocked [[User:X]] with an expiration time of 62 days : reason");
  EXPECT_EQ(*logActionComment(block("99999999999999 hours", ""), en),
            "blocked [[User:X]] with an expiration time of 99999999999999 hours : reason");
  EXPECT_EQ(*logActionComment(block("2027-01-01", "x<y"), en),
            "blocked [[User:X]] with an expiration time of 2027-01-01 (x&lt;y): reason");
}

TEST(LogActionComment, LegacyMessagesAreEscapedButParametersAreRaw) {
  LogEntryRow e;
  e.type = "delete";
  e.action = "delete";
  e.target = "A \"quoted\" & <b>";
  e.params = "a:0:{}";
  EXPECT_EQ(*logActionComment(e, *LogMessages::forLanguage("en")), "deleted &quot;[[A \"quoted\" & <b>]]&quot;");
}

TEST(LogActionComment, UnknownTypesAndLanguagesGiveNoText) {
  LogEntryRow e;
  e.type = "abusefilter";
  e.action = "modify";
  e.target = "Special:AbuseFilter/1";
  e.params = "a:0:{}";
  EXPECT_FALSE(logActionComment(e, *LogMessages::forLanguage("en")));
  EXPECT_EQ(LogMessages::forLanguage("de"), nullptr);
}

}  // namespace
}  // namespace rcfeed
