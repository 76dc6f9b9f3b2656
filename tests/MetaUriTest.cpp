// meta.uri is Title::getCanonicalURL of the change's page. The formatter
// builds the common case from the article path's fixed parts; for every
// kind of title it must give what TitleCodec gives for the same page.

#include <gtest/gtest.h>

#include <algorithm>
#include <rapidjson/document.h>

#include "Fixtures.h"
#include "formatter/EventBusRCFeedFormatter.h"
#include "formatter/TitleCodec.h"

namespace rcfeed {
namespace {

std::string metaUri(const EventBusRCFeedFormatter& formatter, int ns, const std::string& title) {
  RecentChange rc;
  rc.id = 1;
  rc.type = "edit";
  rc.ns = ns;
  rc.title = title;
  rc.timestamp = 1700000000;
  std::string out;
  EXPECT_TRUE(formatter.format(rc, "0123456789abcdef01234567", out)) << title;
  rapidjson::Document event;
  event.Parse(out.data(), out.size());
  EXPECT_FALSE(event.HasParseError()) << out;
  return event["meta"]["uri"].GetString();
}

void expectUrisAsTitleCodec(const WikiPtr& wiki) {
  const EventBusRCFeedFormatter formatter(wiki, FormatterOptions{});
  const TitleCodec titles(wiki);
  const std::vector<std::pair<int, std::string>> pages = {
      {0, "Foo bar"},        {0, "Caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87"}, {0, ".hidden"},
      {0, "A/./b"},          {0, "A/../b"},       {0, "A/."},                {0, "A/.."},
      {0, "Dots... ok."},    {0, "Q?x=1&y#z"},    {0, "100% + 50%"},         {0, "Tab\x7f" "del"},
      {0, ""},               {1, "Talk:Foo"},     {1, "Talk:./x"},           {4, "Oracle Wiki:About"},
      {999, "Unknown ns"},   {2, "User:A/b c"},   {3, "User talk:192.0.2.1"},
  };
  for (const auto& [ns, title] : pages) {
    const std::string prefix = wiki->titlePrefix(ns);
    ASSERT_EQ(title.compare(0, prefix.size(), prefix), 0) << title;
    std::string dbkey = title.substr(prefix.size());
    std::replace(dbkey.begin(), dbkey.end(), ' ', '_');
    EXPECT_EQ(metaUri(formatter, ns, title), titles.canonicalUrl(TitleCodec::makeTitle(ns, dbkey)))
        << "ns " << ns << " title " << title;
  }
}

TEST(MetaUri, EqualsTitleCodecCanonicalUrlForEveryKindOfTitle) {
  expectUrisAsTitleCodec(Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json")));
}

TEST(MetaUri, EqualsTitleCodecCanonicalUrlWithAQueryArticlePath) {
  std::string siteinfo = test::readFile("mw139-en/siteinfo.json");
  const std::string from = "\"articlepath\": \"/wiki/$1\"";
  const size_t at = siteinfo.find(from);
  ASSERT_NE(at, std::string::npos);
  siteinfo.replace(at, from.size(), "\"articlepath\": \"/w/./index.php?title=$1&x=$1\"");
  expectUrisAsTitleCodec(Wiki::fromJson(siteinfo, "siteinfo with a query article path"));
}

}  // namespace
}  // namespace rcfeed
