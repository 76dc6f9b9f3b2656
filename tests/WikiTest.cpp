// Reading a wiki's siteinfo.

#include <gtest/gtest.h>

#include "Fixtures.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {
namespace {

TEST(Wiki, ReadsTheFixtureWikiWithQueryWrapper) {
  auto w = Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json"));
  EXPECT_EQ(w->canonicalServer, "https://en.example.org");
  EXPECT_EQ(w->serverName, "en.example.org");
  EXPECT_EQ(w->scriptPath, "/w");
  EXPECT_EQ(w->articlePath, "/wiki/$1");
  EXPECT_EQ(w->wikiId, "enwiki");
  EXPECT_EQ(w->version.major, 1);
  EXPECT_EQ(w->version.minor, 39);
  EXPECT_EQ(w->titlePrefix(4), "Oracle Wiki:");
  EXPECT_EQ(w->titlePrefix(0), "");
  ASSERT_NE(w->findInterwiki("wikipedia"), nullptr);
}

TEST(Wiki, ReadsSiteinfoWithoutQueryWrapper) {
  auto w = Wiki::fromFile(test::fixturePath("titles/siteinfo/de.json"));
  EXPECT_EQ(w->lang, "de");
  EXPECT_EQ(w->titlePrefix(2), "Benutzer:");
}

TEST(Wiki, ProtocolRelativeServerBecomesHttpCanonicalServer) {
  auto w = Wiki::fromJson(R"({"general":{"server":"//wiki.example.net:8080","scriptpath":"","articlepath":"/$1",
    "wikiid":"w","lang":"en"},"namespaces":{"0":{"id":0,"name":""}}})", "test");
  EXPECT_EQ(w->canonicalServer, "http://wiki.example.net:8080");
  EXPECT_EQ(w->serverName, "wiki.example.net");
}

TEST(Wiki, CanonicalServerWinsOverServer) {
  auto w = Wiki::fromJson(R"({"general":{"server":"//w.example.net","canonicalserver":"https://w.example.net",
    "scriptpath":"/w","articlepath":"/wiki/$1","wikiid":"w","lang":"en"},"namespaces":{"0":{"id":0,"name":""}}})", "t");
  EXPECT_EQ(w->canonicalServer, "https://w.example.net");
}

TEST(Wiki, MissingKeyNamesOriginAndKey) {
  try {
    Wiki::fromJson(R"({"general":{"server":"https://x"}})", "my.json");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("my.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("general.scriptpath"), std::string::npos);
  }
}

TEST(Wiki, NotJsonIsAClearError) {
  EXPECT_THROW(Wiki::fromJson("{nope", "x"), std::runtime_error);
}

}  // namespace
}  // namespace rcfeed
