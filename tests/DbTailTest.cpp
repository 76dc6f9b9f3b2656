// The DB tail on SQLite: the fixture wiki's table becomes the events
// MediaWiki sent, late commits are not lost, and a restart resumes from the
// checkpoint without loss or repeats.

#include <unistd.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "DbTailReference.h"
#include "rcfeed/CheckpointStore.h"

namespace rcfeed {
namespace {

namespace fs = std::filesystem;
using namespace Poco::Data::Keywords;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("rcfeed-dbtail-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

class DbTailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    wiki_ = Wiki::fromFile(test::fixturePath("mw139-en/siteinfo.json"));
    db_ = dir_.file("enwiki.sqlite");
    fs::copy_file(test::fixturePath("mw139-en/enwiki.sqlite"), db_);
  }

  DbTailOptions options(DbTailStart::Kind start = DbTailStart::Kind::FromStart) const {
    DbTailOptions o;
    o.dsn = "sqlite:" + db_;
    o.start.kind = start;
    o.once = true;
    return o;
  }

  // Everything the source gives until its end, acknowledged batch by batch.
  static std::vector<int64_t> drain(DbTailSource& source, size_t batch = 1000) {
    std::vector<int64_t> ids;
    std::vector<SourcedChange> out;
    while (true) {
      out.clear();
      const bool more = source.poll(out, batch, std::chrono::milliseconds(0));
      for (const auto& c : out) ids.push_back(*c.rc.id);
      if (!out.empty()) source.acknowledge(out.back().position);
      if (!more) return ids;
    }
  }

  TempDir dir_;
  WikiPtr wiki_;
  std::string db_;
};

TEST_F(DbTailTest, EveryRowStillInRecentChangesBecomesTheEventMediaWikiSent) {
  DbTailSource source(wiki_, options());
  const size_t compared = test::expectTailMatchesReference(source, wiki_);
  const auto refs = test::referenceEventsInDb();
  EXPECT_EQ(compared, refs.size() - test::mutatedRows().suppressed.size());
}

TEST_F(DbTailTest, SuppressedRowsAreSkippedAndCounted) {
  const auto suppressed = test::mutatedRows().suppressed;
  ASSERT_FALSE(suppressed.empty());
  DbTailSource source(wiki_, options());
  const auto ids = drain(source);
  for (int64_t id : suppressed) EXPECT_EQ(std::count(ids.begin(), ids.end(), id), 0) << id;
  EXPECT_EQ(source.stats().suppressedSkipped, suppressed.size());
}

TEST_F(DbTailTest, PositionsAreSequenceNumbersNotRcIds) {
  DbTailSource source(wiki_, options(DbTailStart::Kind::SinceId));
  std::vector<SourcedChange> out;
  source.poll(out, 3, std::chrono::milliseconds(0));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].position, 1u);
  EXPECT_EQ(out[1].position, 2u);
  EXPECT_EQ(out[2].position, 3u);
  EXPECT_EQ(*out[0].rc.id, 1);
}

TEST_F(DbTailTest, SinceIdAndSinceTimestampChooseTheFirstRow) {
  auto o = options(DbTailStart::Kind::SinceId);
  o.start.id = 200;
  DbTailSource byId(wiki_, o);
  auto ids = drain(byId);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), 201);

  // rc_id 179 is the first row at 2026-12-04 19:28:37.
  auto t = options(DbTailStart::Kind::SinceTimestamp);
  t.start.timestamp = "2026-12-04T19:28:37Z";
  DbTailSource byIso(wiki_, t);
  auto idsIso = drain(byIso);
  ASSERT_FALSE(idsIso.empty());
  t.start.timestamp = "20261204192837";
  DbTailSource byMw(wiki_, t);
  auto idsMw = drain(byMw);
  EXPECT_EQ(idsIso, idsMw);
  auto db = test::openFixtureDb();
  Poco::Int64 first = 0;
  db << "SELECT MIN(rc_id) FROM recentchanges WHERE rc_timestamp >= '20261204192837' AND rc_deleted = 0", into(first),
      now;
  EXPECT_EQ(idsIso.front(), first);
}

// An empty wiki database with MediaWiki's tables, and a writer for it, as the
// wiki itself would hold one.
class FreshWiki {
 public:
  explicit FreshWiki(const std::string& path) : path_(path) {
    Poco::Data::SQLite::Connector::registerConnector();
    writer_ = std::make_unique<Poco::Data::Session>("SQLite", path);
    auto fixture = test::openFixtureDb();
    std::vector<std::string> ddl;
    fixture << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('recentchanges', 'actor', 'comment')",
        into(ddl), now;
    if (ddl.size() != 3) throw std::runtime_error("fixture schema incomplete");
    for (const auto& sql : ddl) *writer_ << sql, now;
    *writer_ << "INSERT INTO actor (actor_id, actor_user, actor_name) VALUES (1, 1, 'Admin')", now;
    *writer_ << "INSERT INTO comment (comment_id, comment_hash, comment_text) VALUES (1, 0, 'late')", now;
  }

  // A page creation with this rc_id.
  void insert(int id) {
    *writer_ << "INSERT INTO recentchanges (rc_id, rc_timestamp, rc_actor, rc_namespace, rc_title, rc_comment_id, "
                "rc_this_oldid, rc_last_oldid, rc_type, rc_source, rc_old_len, rc_new_len) VALUES (" +
                    std::to_string(id) + ", '20261204192812', 1, 0, 'Page_" + std::to_string(id) + "', 1, " +
                    std::to_string(id) + ", 0, 1, 'mw.new', 0, 10)",
        now;
  }

  DbTailOptions options(int64_t sinceId) const {
    DbTailOptions o;
    o.dsn = "sqlite:" + path_;
    o.start.kind = DbTailStart::Kind::SinceId;
    o.start.id = sinceId;
    o.gapGrace = std::chrono::hours(1);
    return o;
  }

 private:
  std::string path_;
  std::unique_ptr<Poco::Data::Session> writer_;
};

TEST_F(DbTailTest, LateCommittedSmallerIdIsStillDelivered) {
  FreshWiki fresh(dir_.file("fresh.sqlite"));
  fresh.insert(10);
  fresh.insert(12);

  DbTailOptions o = fresh.options(9);
  o.statePath = dir_.file("fresh.checkpoint");
  DbTailSource source(wiki_, o);
  std::vector<SourcedChange> out;
  ASSERT_TRUE(source.poll(out, 100, std::chrono::milliseconds(0)));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(*out[0].rc.id, 10);
  EXPECT_EQ(*out[1].rc.id, 12);
  source.acknowledge(out.back().position);
  // The checkpoint keeps 11 open.
  auto saved = CheckpointStore(o.statePath).load();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->rcId, 12);
  ASSERT_EQ(saved->gaps.size(), 1u);
  EXPECT_EQ(saved->gaps[0].from, 11);
  EXPECT_EQ(saved->gaps[0].to, 11);

  fresh.insert(11);
  out.clear();
  ASSERT_TRUE(source.poll(out, 100, std::chrono::milliseconds(0)));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].rc.id, 11);
  EXPECT_EQ(out[0].rc.title, "Page 11");
  EXPECT_GT(out[0].position, 2u);
  EXPECT_EQ(source.stats().gapRowsFound, 1u);
  source.acknowledge(out[0].position);
  saved = CheckpointStore(o.statePath).load();
  EXPECT_EQ(saved->rcId, 12);
  EXPECT_TRUE(saved->gaps.empty());
}

TEST_F(DbTailTest, UnacknowledgedGapRowIsReadAgainAfterARestart) {
  FreshWiki fresh(dir_.file("fresh.sqlite"));
  fresh.insert(10);
  fresh.insert(12);
  DbTailOptions o = fresh.options(9);
  o.statePath = dir_.file("fresh.checkpoint");
  {
    DbTailSource source(wiki_, o);
    std::vector<SourcedChange> out;
    source.poll(out, 100, std::chrono::milliseconds(0));
    source.acknowledge(out.back().position);
    fresh.insert(11);
    out.clear();
    source.poll(out, 100, std::chrono::milliseconds(0));
    ASSERT_EQ(out.size(), 1u);
    // 11 is in flight when the process stops; an acknowledge of nothing new saves that.
    source.acknowledge(0);
  }
  o.start.kind = DbTailStart::Kind::Resume;
  DbTailSource again(wiki_, o);
  std::vector<SourcedChange> out;
  again.poll(out, 100, std::chrono::milliseconds(0));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].rc.id, 11);
}

TEST_F(DbTailTest, GapsFromAnOldCheckpointAreSearchedOnceAfterARestart) {
  FreshWiki fresh(dir_.file("fresh.sqlite"));
  fresh.insert(10);
  fresh.insert(11);
  fresh.insert(12);
  DbTailOptions o = fresh.options(0);
  o.start.kind = DbTailStart::Kind::Resume;
  o.statePath = dir_.file("fresh.checkpoint");
  o.gapGrace = std::chrono::milliseconds(10000);
  // Written by a run long ago, when 11 had not committed yet.
  CheckpointStore(o.statePath).save(Checkpoint{12, {{11, 11, 1000}}});
  DbTailSource source(wiki_, o);
  std::vector<SourcedChange> out;
  source.poll(out, 100, std::chrono::milliseconds(0));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].rc.id, 11);
}

TEST_F(DbTailTest, GapsAreGivenUpAfterTheGracePeriod) {
  FreshWiki fresh(dir_.file("fresh.sqlite"));
  fresh.insert(10);
  fresh.insert(12);
  DbTailOptions o = fresh.options(9);
  o.gapGrace = std::chrono::milliseconds(0);
  DbTailSource source(wiki_, o);
  std::vector<SourcedChange> out;
  source.poll(out, 100, std::chrono::milliseconds(0));
  ASSERT_EQ(out.size(), 2u);
  // One more look at the gap, after the grace period: 11 is still missing.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  out.clear();
  source.poll(out, 100, std::chrono::milliseconds(0));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(source.stats().gapIdsExpired, 1u);
  EXPECT_TRUE(source.checkpoint().gaps.empty());
  // Committed too late: not searched for any more.
  fresh.insert(11);
  source.poll(out, 100, std::chrono::milliseconds(0));
  EXPECT_TRUE(out.empty());
}

TEST_F(DbTailTest, StopEndsAWaitingPoll) {
  FreshWiki fresh(dir_.file("fresh.sqlite"));
  DbTailSource source(wiki_, fresh.options(0));
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    source.stop();
  });
  std::vector<SourcedChange> out;
  EXPECT_FALSE(source.poll(out, 10, std::chrono::hours(1)));
  stopper.join();
  EXPECT_TRUE(out.empty());
}

TEST_F(DbTailTest, RestartMidTableLosesNothingAndResendsNothingBeforeTheCheckpoint) {
  std::vector<int64_t> all;
  {
    DbTailSource full(wiki_, options());
    all = drain(full);
  }
  ASSERT_GT(all.size(), 150u);

  auto o = options(DbTailStart::Kind::Resume);
  o.statePath = dir_.file("enwiki.checkpoint");
  std::vector<int64_t> delivered;
  {
    DbTailSource first(wiki_, o);
    std::vector<SourcedChange> out;
    first.poll(out, 100, std::chrono::milliseconds(0));
    ASSERT_GT(out.size(), 50u);
    for (const auto& c : out) delivered.push_back(*c.rc.id);
    first.acknowledge(out.back().position);
    // A second batch is read but never acknowledged: the process dies here.
    out.clear();
    first.poll(out, 50, std::chrono::milliseconds(0));
    ASSERT_GT(out.size(), 0u);
  }
  const auto saved = CheckpointStore(o.statePath).load();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->rcId, delivered.back());

  DbTailSource second(wiki_, o);
  const auto rest = drain(second);
  ASSERT_FALSE(rest.empty());
  for (int64_t id : rest) EXPECT_GT(id, saved->rcId) << "re-sent rc_id " << id;
  std::vector<int64_t> joined = delivered;
  joined.insert(joined.end(), rest.begin(), rest.end());
  EXPECT_EQ(joined, all);
}

TEST_F(DbTailTest, StartOptionsOverrideTheCheckpoint) {
  auto o = options(DbTailStart::Kind::Resume);
  o.statePath = dir_.file("enwiki.checkpoint");
  CheckpointStore(o.statePath).save(Checkpoint{250, {}});
  {
    DbTailSource resumed(wiki_, o);
    auto ids = drain(resumed);
    ASSERT_FALSE(ids.empty());
    EXPECT_EQ(ids.front(), 251);
  }
  o.start.kind = DbTailStart::Kind::FromStart;
  DbTailSource fromStart(wiki_, o);
  EXPECT_EQ(drain(fromStart).front(), 1);
}

TEST_F(DbTailTest, PathsWithUriCharactersAreOpenedAsFiles) {
  const std::string odd = dir_.file("wiki 100% #1?.sqlite");
  fs::copy_file(db_, odd);
  auto o = options();
  o.dsn = "sqlite:" + odd;
  DbTailSource source(wiki_, o);
  EXPECT_FALSE(drain(source).empty());
  o.dsn = "sqlite:" + dir_.file("missing.sqlite");
  EXPECT_THROW(DbTailSource(wiki_, o), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir_.file("missing.sqlite"))) << "a read-only open must not create the file";
}

TEST_F(DbTailTest, BadDsnAndPrefixAreRefusedWithTheirName) {
  auto o = options();
  o.dsn = "postgres://x@y/z";
  EXPECT_THROW(DbTailSource(wiki_, o), std::runtime_error);
  o = options();
  o.tablePrefix = "x; DROP TABLE page";
  try {
    DbTailSource s(wiki_, o);
    ADD_FAILURE() << "prefix accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("table prefix"), std::string::npos);
  }
  o = options();
  o.dsn = "mysql://user:secret@127.0.0.1:1/db";
  try {
    DbTailSource s(wiki_, o);
    ADD_FAILURE() << "password in DSN accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not in the DSN"), std::string::npos);
  }
}

TEST(CheckpointStore, SaveReplacesTheFileAndLoadReadsItBack) {
  TempDir dir;
  CheckpointStore store(dir.file("c.json"));
  EXPECT_FALSE(store.load());
  Checkpoint c{42, {{40, 41, 1796412947000}}};
  store.save(c);
  EXPECT_EQ(*store.load(), c);
  EXPECT_FALSE(fs::exists(dir.file("c.json.tmp")));
  c.rcId = 50;
  c.gaps.clear();
  store.save(c);
  EXPECT_EQ(*store.load(), c);
}

TEST(CheckpointStore, CorruptFileIsAnErrorNotAFreshStart) {
  TempDir dir;
  {
    std::ofstream f(dir.file("c.json"));
    f << "{\"rc_id\": \"x\"}";
  }
  try {
    CheckpointStore(dir.file("c.json")).load();
    ADD_FAILURE() << "corrupt checkpoint accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("c.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("rc_id"), std::string::npos);
  }
}

TEST_F(DbTailTest, TailCommandPrintsOneEventPerRow) {
  const std::string out = dir_.file("tail.jsonl");
  const std::string cmd = std::string(RCFEED_BINARY) + " tail --wiki " + test::fixturePath("mw139-en/siteinfo.json") +
                          " --db sqlite:" + db_ + " --once --state " + dir_.file("tail.checkpoint") + " > " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(out);
  std::string line;
  std::vector<int64_t> ids;
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_FALSE(d.HasParseError()) << line;
    ids.push_back(d["id"].GetInt64());
  }
  DbTailSource source(wiki_, options());
  EXPECT_EQ(ids, drain(source));
  // The checkpoint moved to the end: a second run prints nothing.
  const std::string again = std::string(RCFEED_BINARY) + " tail --wiki " + test::fixturePath("mw139-en/siteinfo.json") +
                            " --db sqlite:" + db_ + " --once --state " + dir_.file("tail.checkpoint");
  FILE* p = ::popen(again.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[256];
  const size_t n = std::fread(buf, 1, sizeof buf, p);
  EXPECT_EQ(::pclose(p), 0);
  EXPECT_EQ(n, 0u);
}

}  // namespace
}  // namespace rcfeed
