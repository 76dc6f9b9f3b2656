#pragma once
// Comparing the DB tail of the fixture wiki with the events MediaWiki sent
// (fixtures/mw139-en), shared by the SQLite and the MariaDB tests.
//
// What may differ, and why (fixtures/mw139-en/README.md, "Rows were mutated
// after their feed lines were sent"); each set is derived from the fixture
// database, not listed by hand:
//  - rows with rc_deleted != 0 now: revision deletion set the bits after the
//    change was sent; the tail skips suppressed rows as MediaWiki does;
//  - `patrolled` of rows whose revision was marked patrolled later (the
//    4::curid of a patrol/patrol log entry) and of rows undone by a rollback
//    (RollbackPage marks the reverted edits autopatrolled);
//  - `bot` of rows undone by a rollback with markbot;
//  - `log_action_comment` may lack trailing whitespace that the feed's
//    comment had: the feed used the comment as given, the row holds it
//    trimmed (upload/overwrite with a page text summary);
//  - meta.id, meta.request_id are random per send in EventBus;
//  - parsedcomment is the CommentFormatter's job and depends on which pages
//    existed when MediaWiki sent the event.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "Fixtures.h"
#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/DbTailSource.h"

namespace rcfeed::test {

struct MutatedRows {
  std::set<int64_t> suppressed;      // rc_id
  std::set<int64_t> patrolledLater;  // rc_id
  std::set<int64_t> rolledBack;      // rc_id
};

inline Poco::Data::Session openFixtureDb() {
  Poco::Data::SQLite::Connector::registerConnector();
  return Poco::Data::Session("SQLite", "file:" + fixturePath("mw139-en/enwiki.sqlite") + "?mode=ro");
}

inline std::set<int64_t> idsOf(Poco::Data::Session& db, const std::string& sql) {
  Poco::Data::Statement st(db);
  st << sql;
  st.execute();
  Poco::Data::RecordSet rs(st);
  std::set<int64_t> ids;
  for (size_t i = 0; i < rs.rowCount(); ++i) ids.insert(rs.value(0, i).convert<Poco::Int64>());
  return ids;
}

inline MutatedRows mutatedRows() {
  using namespace Poco::Data::Keywords;
  auto db = openFixtureDb();
  MutatedRows m;
  m.suppressed = idsOf(db, "SELECT rc_id FROM recentchanges WHERE rc_deleted != 0");
  // Revisions marked patrolled by hand: the 4::curid of each patrol log entry.
  {
    Poco::Data::Statement st(db);
    st << "SELECT CAST(log_params AS TEXT) FROM logging WHERE log_type = 'patrol' AND log_action = 'patrol'";
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::string revs;
    for (size_t i = 0; i < rs.rowCount(); ++i) {
      const std::string p = rs.value(0, i).convert<std::string>();
      const size_t k = p.find("4::curid\";s:");
      const size_t q = p.find('"', p.find(':', k + 12) + 1);
      revs += (revs.empty() ? "" : ",") + p.substr(q + 1, p.find('"', q + 1) - q - 1);
    }
    if (!revs.empty())
      m.patrolledLater = idsOf(db, "SELECT rc_id FROM recentchanges WHERE rc_this_oldid IN (" + revs + ")");
  }
  // Revisions undone by a rollback: going back from the rollback's parent,
  // the run of revisions by the parent's author.
  {
    Poco::Data::Statement st(db);
    st << "SELECT rev_page, rev_parent_id FROM revision JOIN change_tag ON ct_rev_id = rev_id "
          "JOIN change_tag_def ON ctd_id = ct_tag_id WHERE ctd_name = 'mw-rollback'";
    st.execute();
    Poco::Data::RecordSet rs(st);
    for (size_t i = 0; i < rs.rowCount(); ++i) {
      const int64_t page = rs.value(0, i).convert<Poco::Int64>(), parent = rs.value(1, i).convert<Poco::Int64>();
      Poco::Data::Statement revs(db);
      revs << "SELECT rev_id, rev_actor FROM revision WHERE rev_page = " + std::to_string(page) +
                  " AND rev_id <= " + std::to_string(parent) + " ORDER BY rev_id DESC";
      revs.execute();
      Poco::Data::RecordSet r(revs);
      std::string ids;
      for (size_t j = 0; j < r.rowCount(); ++j) {
        if (r.value(1, j) != r.value(1, 0)) break;
        ids += (ids.empty() ? "" : ",") + r.value(0, j).convert<std::string>();
      }
      for (int64_t id : idsOf(db, "SELECT rc_id FROM recentchanges WHERE rc_this_oldid IN (" + ids + ")"))
        m.rolledBack.insert(id);
    }
  }
  return m;
}

// rc_id -> reference event line, for the changes-index.tsv rows still in the DB.
inline std::map<int64_t, std::string> referenceEventsInDb() {
  auto events = readLines("mw139-en/eventbus-events.jsonl");
  std::map<int64_t, std::string> out;
  for (const auto& row : readLines("mw139-en/changes-index.tsv")) {
    std::vector<std::string> f;
    std::stringstream ss(row);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() < 9 || f[0] == "rc_id" || f[0].empty() || f[6] != "yes") continue;
    out[std::stoll(f[0])] = events.at(std::stoul(f[8]) - 1);
  }
  return out;
}

inline std::string rtrimWhitespace(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

// Reads the whole table through `source` and compares every event with the
// reference. Returns how many events were compared.
inline size_t expectTailMatchesReference(DbTailSource& source, const WikiPtr& wiki) {
  const MutatedRows mutated = mutatedRows();
  const auto refs = referenceEventsInDb();
  EventBusRCFeedFormatter formatter(wiki, FormatterOptions{});

  std::vector<SourcedChange> batch;
  std::map<int64_t, RecentChange> read;
  while (true) {
    batch.clear();
    const bool more = source.poll(batch, 1000, std::chrono::milliseconds(0));
    for (auto& c : batch) read[*c.rc.id] = std::move(c.rc);
    if (!batch.empty()) source.acknowledge(batch.back().position);
    if (!more) break;
  }

  std::set<int64_t> expected;
  for (const auto& [id, line] : refs)
    if (!mutated.suppressed.count(id)) expected.insert(id);
  std::set<int64_t> got;
  for (const auto& [id, rc] : read)
    if (refs.count(id)) got.insert(id);
  EXPECT_EQ(got, expected);
  for (int64_t id : mutated.suppressed) EXPECT_FALSE(read.count(id)) << "suppressed rc_id " << id << " was delivered";
  // rc_id 1 (the installer's Main Page) predates the feeds: the only row without a reference.
  for (const auto& [id, rc] : read) {
    if (!refs.count(id)) {
      EXPECT_EQ(id, 1) << "rc_id " << id << " has no reference event";
    }
  }

  size_t compared = 0, trimmedComments = 0;
  for (const auto& [id, line] : refs) {
    if (!read.count(id)) continue;
    SCOPED_TRACE("rc_id " + std::to_string(id));
    rapidjson::Document ref;
    ref.Parse(line.c_str());
    std::string out;
    EXPECT_TRUE(formatter.format(read[id], ref["meta"]["request_id"].GetString(), out));
    rapidjson::Document ours;
    ours.Parse(out.c_str());
    EXPECT_EQ(ours.MemberCount(), ref.MemberCount()) << out << "\n" << line;
    for (auto& m : ref.GetObject()) {
      const std::string name = m.name.GetString();
      if (!ours.HasMember(name.c_str())) {
        ADD_FAILURE() << "missing " << name;
        continue;
      }
      const rapidjson::Value& mine = ours[name.c_str()];
      if (name == "parsedcomment") continue;
      if (name == "patrolled" && (mutated.patrolledLater.count(id) || mutated.rolledBack.count(id))) continue;
      if (name == "bot" && mutated.rolledBack.count(id)) continue;
      if (name == "meta") {
        for (auto& mm : m.value.GetObject()) {
          const std::string sub = mm.name.GetString();
          if (sub == "id" || sub == "request_id") continue;
          EXPECT_TRUE(mine.HasMember(sub.c_str()) && mine[sub.c_str()] == mm.value) << "meta." << sub;
        }
        continue;
      }
      if (name == "log_action_comment" && mine.IsString() && m.value.IsString() && !(mine == m.value)) {
        EXPECT_EQ(mine.GetString(), rtrimWhitespace(m.value.GetString()));
        ++trimmedComments;
        continue;
      }
      EXPECT_TRUE(mine == m.value) << name << "\nours: " << out << "\nref:  " << line;
    }
    ++compared;
  }
  // Only the one upload/overwrite whose summary was a page text.
  EXPECT_LE(trimmedComments, 1u);
  return compared;
}

}  // namespace rcfeed::test
