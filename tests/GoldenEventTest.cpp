// Golden test: every JSONRCFeedFormatter line MediaWiki 1.39 sent over UDP,
// formatted by rcfeed, must equal the event EventBus POSTed for the same
// change (fixtures/mw139-en).
//
// Ignored, because they are random per send in EventBus:
//   meta.id          a random UUID v4 per event (rcfeed's is a UUID v5 of
//                    the change, checked for form and stability instead);
//   meta.request_id  random per PHP request (rcfeed uses the reference's
//                    value here, so the bytes around it are still compared).
// parsedcomment depends on which pages existed when EventBus formatted the
// event (red links, redirect classes): the pages are taken as they were just
// after each change, reconstructed from the fixture database and the feed
// (SendTimePages.h).

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <regex>

#include "Fixtures.h"
#include "SendTimePages.h"
#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/JsonRCFeedLine.h"

namespace rcfeed {
namespace {

struct Reference {
  std::string line;
  rapidjson::Document doc;
};

// Join key: rc_id, or log_id for changes without a row (spec 1.1 'udp').
std::string joinKey(const rapidjson::Value& v) {
  if (v.HasMember("id") && v["id"].IsInt64()) return "rc" + std::to_string(v["id"].GetInt64());
  return "log" + std::to_string(v["log_id"].GetInt64());
}

class GoldenEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wiki_ = Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json"));
    for (auto& line : test::readLines("mw139-en/eventbus-events.jsonl")) {
      auto ref = std::make_unique<Reference>();
      ref->line = line;
      ref->doc.Parse(line.c_str());
      ASSERT_FALSE(ref->doc.HasParseError());
      std::string key = joinKey(ref->doc);
      refs_[key] = std::move(ref);
    }
    udpLines_ = test::readLines("mw139-en/udp-json.jsonl");
  }

  WikiPtr wiki_;
  std::map<std::string, std::unique_ptr<Reference>> refs_;
  std::vector<std::string> udpLines_;
};

TEST_F(GoldenEventTest, FixtureHas320ChangesInBothFeeds) {
  EXPECT_EQ(udpLines_.size(), 320u);
  EXPECT_EQ(refs_.size(), 320u);
}

TEST_F(GoldenEventTest, EveryUdpLineBecomesTheEventEventBusSent) {
  auto pages = std::make_shared<test::SendTimePages>(wiki_, udpLines_);
  FormatterOptions options;
  options.pages = pages;
  EventBusRCFeedFormatter formatter(wiki_, options);
  const std::regex uuidV5("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  size_t compared = 0;
  for (size_t i = 0; i < udpLines_.size(); ++i) {
    SCOPED_TRACE("udp-json.jsonl line " + std::to_string(i + 1));
    RecentChange rc;
    auto r = readJsonRCFeedLine(udpLines_[i], rc);
    ASSERT_TRUE(r.ok) << r.error;

    rapidjson::Document udp;
    udp.Parse(udpLines_[i].c_str());
    auto it = refs_.find(joinKey(udp));
    ASSERT_NE(it, refs_.end());
    const Reference& ref = *it->second;
    const std::string refRequestId = ref.doc["meta"]["request_id"].GetString();

    std::string out;
    pages->setPosition(i);
    ASSERT_TRUE(formatter.format(rc, refRequestId, out));
    rapidjson::Document ours;
    ours.Parse(out.c_str());
    ASSERT_FALSE(ours.HasParseError()) << out;

    // Field by field, so a failure names the field.
    ASSERT_EQ(ours.MemberCount(), ref.doc.MemberCount()) << out << "\n" << ref.line;
    for (auto& m : ref.doc.GetObject()) {
      const std::string name = m.name.GetString();
      ASSERT_TRUE(ours.HasMember(name.c_str())) << "missing " << name;
      if (name == "meta") {
        for (auto& mm : m.value.GetObject()) {
          const std::string sub = mm.name.GetString();
          ASSERT_TRUE(ours["meta"].HasMember(sub.c_str())) << "missing meta." << sub;
          if (sub == "id") {
            EXPECT_TRUE(std::regex_match(std::string(ours["meta"]["id"].GetString()), uuidV5));
            continue;
          }
          EXPECT_TRUE(ours["meta"][sub.c_str()] == mm.value) << "meta." << sub;
        }
        continue;
      }
      EXPECT_TRUE(ours[name.c_str()] == m.value) << name << "\nours: " << out << "\nref:  " << ref.line;
    }

    // Byte for byte, once the random meta.id is swapped for the reference's.
    std::string bytes = out;
    const std::string ourId = ours["meta"]["id"].GetString();
    const std::string refId = ref.doc["meta"]["id"].GetString();
    bytes.replace(bytes.find(ourId), ourId.size(), refId);
    EXPECT_EQ(bytes, ref.line);
    ++compared;
  }
  EXPECT_EQ(compared, 320u);
}

TEST_F(GoldenEventTest, MetaIdIsStablePerChange) {
  EventBusRCFeedFormatter formatter(wiki_, FormatterOptions{});
  RecentChange rc;
  ASSERT_TRUE(readJsonRCFeedLine(udpLines_[0], rc).ok);
  std::string a, b;
  ASSERT_TRUE(formatter.format(rc, "r1", a));
  ASSERT_TRUE(formatter.format(rc, "r2", b));
  rapidjson::Document da, db;
  da.Parse(a.c_str());
  db.Parse(b.c_str());
  EXPECT_STREQ(da["meta"]["id"].GetString(), db["meta"]["id"].GetString());
  rc.id = *rc.id + 1;
  std::string c;
  ASSERT_TRUE(formatter.format(rc, "r1", c));
  rapidjson::Document dc;
  dc.Parse(c.c_str());
  EXPECT_STRNE(da["meta"]["id"].GetString(), dc["meta"]["id"].GetString());
}

}  // namespace
}  // namespace rcfeed
