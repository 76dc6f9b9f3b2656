// The DB tail on MariaDB/MySQL: the fixture wiki loaded into MediaWiki's
// MySQL tables (binary columns, unsigned integer types, a table prefix)
// gives the same events as MediaWiki sent. Needs a server: run
//   eval "$(tests/mariadb/setup.sh)"
// first; without RCFEED_TEST_MYSQL_DSN the tests are skipped.

#include <cstdlib>

#include "DbTailReference.h"

namespace rcfeed {
namespace {

class MariaDbTailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dsn = std::getenv("RCFEED_TEST_MYSQL_DSN");
    if (!dsn || !*dsn) GTEST_SKIP() << "RCFEED_TEST_MYSQL_DSN is not set (see tests/mariadb/setup.sh)";
    wiki_ = Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json"));
    options_.dsn = dsn;
    if (std::getenv("RCFEED_TEST_MYSQL_PASSWORD")) options_.passwordEnv = "RCFEED_TEST_MYSQL_PASSWORD";
    if (const char* prefix = std::getenv("RCFEED_TEST_MYSQL_PREFIX")) options_.tablePrefix = prefix;
    options_.start.kind = DbTailStart::Kind::FromStart;
    options_.once = true;
  }

  WikiPtr wiki_;
  DbTailOptions options_;
};

TEST_F(MariaDbTailTest, EveryRowStillInRecentChangesBecomesTheEventMediaWikiSent) {
  DbTailSource source(wiki_, options_);
  const size_t compared = test::expectTailMatchesReference(source, wiki_);
  EXPECT_EQ(compared, test::referenceEventsInDb().size() - test::mutatedRows().suppressed.size());
  EXPECT_EQ(source.stats().suppressedSkipped, test::mutatedRows().suppressed.size());
}

TEST_F(MariaDbTailTest, SmallBatchesGiveTheSameRowsAsOne) {
  options_.batchSize = 7;
  DbTailSource small(wiki_, options_);
  options_.batchSize = 1000;
  DbTailSource large(wiki_, options_);
  auto drain = [](DbTailSource& s) {
    std::vector<int64_t> ids;
    std::vector<SourcedChange> out;
    while (true) {
      out.clear();
      const bool more = s.poll(out, 1000, std::chrono::milliseconds(0));
      for (const auto& c : out) ids.push_back(*c.rc.id);
      if (!more) return ids;
    }
  };
  const auto a = drain(small);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, drain(large));
}

TEST_F(MariaDbTailTest, WrongPasswordIsAnErrorThatDoesNotShowIt) {
  ::setenv("RCFEED_TEST_WRONG_PASSWORD", "not-the-password-1234", 1);
  options_.passwordEnv = "RCFEED_TEST_WRONG_PASSWORD";
  try {
    DbTailSource s(wiki_, options_);
    ADD_FAILURE() << "connected with a wrong password";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).find("not-the-password-1234"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(options_.dsn), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rcfeed
