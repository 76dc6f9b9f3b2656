// `rcfeed format` and page existence: --db reads the wiki's page table,
// --assume-pages sets the answer without one.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>

#include "Fixtures.h"

namespace rcfeed {
namespace {

// udp-json.jsonl line 45: the Linky page's summary links to existing,
// missing and special pages.
std::string formatLinky(const std::string& options) {
  const std::string out = test::commandOutput("sed -n 45p " + test::fixturePath("mw139-en/udp-json.jsonl") + " | " +
                              RCFEED_BINARY + " format --wiki " + test::fixturePath("mw139-en/siteinfo.json") + " " +
                              options);
  rapidjson::Document d;
  d.Parse(out.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("parsedcomment")) return "unparsable: " + out;
  return d["parsedcomment"].GetString();
}

TEST(FormatCommandTest, DbGivesRedLinksForMissingPagesOnly) {
  const std::string html = formatLinky("--db sqlite:" + test::fixturePath("mw139-en/enwiki.sqlite"));
  EXPECT_NE(html.find("title=\"Nonexistent page (page does not exist)\""), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"/wiki/Apple_pie\" title=\"Apple pie\">the pie</a>"), std::string::npos) << html;
}

TEST(FormatCommandTest, WithoutDbPagesAreAssumedToExistOrToBeMissing) {
  const std::string exist = formatLinky("");
  EXPECT_EQ(exist.find("class=\"new\""), std::string::npos) << exist;
  EXPECT_EQ(formatLinky("--assume-pages exist"), exist);
  const std::string missing = formatLinky("--assume-pages missing");
  EXPECT_NE(missing.find("title=\"Apple pie (page does not exist)\""), std::string::npos) << missing;
  // Interwiki and special pages do not depend on the page table.
  EXPECT_NE(missing.find("class=\"extiw\""), std::string::npos) << missing;
  EXPECT_NE(missing.find("<a href=\"/wiki/Special:Contributions/Bob\""), std::string::npos) << missing;
}

TEST(FormatCommandTest, BadPageOptionsAreUsageErrors) {
  const std::string wiki = test::fixturePath("mw139-en/siteinfo.json");
  EXPECT_NE(test::commandOutput(std::string(RCFEED_BINARY) + " format --wiki " + wiki + " --assume-pages maybe </dev/null 2>&1; echo exit=$?")
                .find("exit=2"),
            std::string::npos);
  EXPECT_NE(test::commandOutput(std::string(RCFEED_BINARY) + " format --wiki " + wiki +
                " --db sqlite:x --assume-pages missing </dev/null 2>&1; echo exit=$?")
                .find("exit=2"),
            std::string::npos);
  const std::string missingDb =
      test::commandOutput(std::string(RCFEED_BINARY) + " format --wiki " + wiki + " --db sqlite:/nonexistent/w.sqlite </dev/null 2>&1; echo exit=$?");
  EXPECT_NE(missingDb.find("/nonexistent/w.sqlite"), std::string::npos) << missingDb;
  EXPECT_NE(missingDb.find("exit=1"), std::string::npos) << missingDb;
}

}  // namespace
}  // namespace rcfeed
