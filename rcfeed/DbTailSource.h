#pragma once
// DbTailSource: changes read from the wiki's own recentchanges table (joined
// with actor and comment), rebuilt into the packet MediaWiki would have sent
// (spec 5.3). This is the path that loses nothing when rcfeed is down: the
// table is the record, and a checkpoint says how far it was delivered.
//
// Back ends (Poco::Data):
//   sqlite:/path/wiki.sqlite         opened read-only, every read one short
//                                    statement, a busy timeout instead of
//                                    locks, so the wiki's writers never wait
//                                    on rcfeed for longer than one batch read;
//   mysql://user@host:port/dbname    MariaDB/MySQL; the password comes from
//                                    the environment variable or the file
//                                    named in DbTailOptions, never from the
//                                    DSN, and is never logged or described.
//
// Order and gaps: rows are read as `rc_id > last ORDER BY rc_id` in bounded
// batches. An auto-increment id is taken at insert but becomes visible at
// commit, so a smaller rc_id can appear after a larger one was read. The ids
// skipped over are remembered as gaps and looked for again on every poll
// until `gapGrace` after they were first seen (and at least once after a
// restart); a row that turns up in a gap is delivered then (after larger
// ids, with a larger Position). Rows with
// rc_deleted != 0 are skipped (MediaWiki does not feed suppressed changes)
// and counted.
//
// Positions are sequence numbers assigned in delivery order, not rc_ids.
// acknowledge(p) records that every change up to p was delivered and, when a
// checkpoint file is configured, saves the checkpoint (CheckpointStore.h):
// the highest rc_id below which everything handed out was acknowledged, plus
// the open gaps and the gap rows still in flight. The file is written only
// there. On construction the source resumes from that file unless
// DbTailStart says otherwise.
//
// Failure: a database error in poll() is thrown as std::runtime_error naming
// the source (not the password); the session is reopened on the next poll
// and nothing is skipped. A row that cannot be rebuilt (malformed
// rc_timestamp) is skipped and counted in stats().rowErrors with
// lastRowError() saying why.
//
// Threading: as Source.h says; stop() may be called from any thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "rcfeed/CheckpointStore.h"
#include "rcfeed/Source.h"
#include "rcfeed/Wiki.h"

namespace Poco::Data {
class Session;
}

namespace rcfeed {

class LogMessages;

// Where reading starts.
struct DbTailStart {
  enum class Kind {
    Resume,          // from the checkpoint file; from the table's start when there is none
    FromStart,       // every row in the table
    SinceId,         // rows with rc_id > id
    SinceTimestamp,  // rows with rc_timestamp >= timestamp
  };
  Kind kind = Kind::Resume;
  int64_t id = 0;
  std::string timestamp;  // TS_MW (YYYYMMDDHHMMSS) or ISO 8601 UTC (2026-12-04T19:28:12Z)
};

struct DbTailOptions {
  std::string dsn;                 // sqlite:PATH or mysql://USER@HOST[:PORT]/DB
  std::string tablePrefix;         // $wgDBprefix ([A-Za-z0-9_]*)
  std::string passwordEnv;         // MySQL: name of the variable holding the password
  std::string passwordFile;        // MySQL: file holding the password (first line)
  std::string statePath;           // checkpoint file; empty: nothing is saved
  DbTailStart start;
  size_t batchSize = 500;          // rows per query
  std::chrono::milliseconds pollInterval{500};
  std::chrono::milliseconds gapGrace{10000};
  std::chrono::milliseconds busyTimeout{1000};  // SQLite: how long a read waits for a writer's lock
  size_t maxGaps = 10000;          // open gap runs kept; the oldest beyond this are given up
  bool once = false;               // poll() returns false at the table's current end
  bool useRCPatrol = true;         // $wgUseRCPatrol
  bool useNPPatrol = true;         // $wgUseNPPatrol
};

struct DbTailStats {
  uint64_t rowsDelivered = 0;
  uint64_t suppressedSkipped = 0;  // rc_deleted != 0
  uint64_t rowErrors = 0;
  uint64_t gapRowsFound = 0;       // rows delivered from a gap (late commits)
  uint64_t gapIdsExpired = 0;      // ids given up after the grace period
};

class DbTailSource : public Source {
 public:
  // Opens the database and loads the checkpoint. Throws std::runtime_error
  // for a bad DSN or prefix, an unreadable password or checkpoint file, or a
  // database that cannot be opened.
  DbTailSource(WikiPtr wiki, DbTailOptions options);
  ~DbTailSource() override;

  bool poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds wait) override;
  void acknowledge(Position upTo) override;
  void stop() override;
  std::string describe() const override;
  std::vector<SourceMetric> metrics() const override;

  DbTailStats stats() const;
  std::string lastRowError() const;
  // The checkpoint as the next acknowledge() would save it.
  Checkpoint checkpoint() const;

 private:
  struct Row;
  struct InFlight {
    Position position;
    int64_t rcId;
    bool fromGap;
    int64_t gapFirstSeenMs;
  };
  struct Gap {
    int64_t to;
    int64_t firstSeenMs;
  };

  void open();
  void resolveStart();
  std::vector<Row> query(const std::string& where, size_t limit);
  size_t readGaps(std::vector<SourcedChange>& out, size_t max);
  size_t readNew(std::vector<SourcedChange>& out, size_t max);
  void expireGaps(int64_t atMs);
  void addGap(int64_t from, int64_t to, int64_t seenAtMs);
  void takeFromGap(int64_t rcId, int64_t& firstSeenMs);
  bool deliver(Row& row, bool fromGap, int64_t gapFirstSeenMs, std::vector<SourcedChange>& out);
  Checkpoint computeCheckpoint() const;

  WikiPtr wiki_;
  DbTailOptions options_;
  const LogMessages* messages_;
  bool mysql_ = false;
  std::string connector_, connectionString_, describe_;
  std::string sqlitePath_;
  std::string selectSql_;
  std::unique_ptr<Poco::Data::Session> session_;
  std::optional<CheckpointStore> store_;

  int64_t maxSeen_ = 0;  // highest rc_id the forward scan has passed
  std::map<int64_t, Gap> gaps_;  // keyed by first id of the run
  std::deque<InFlight> inFlight_;
  Position nextPosition_ = 1;
  std::optional<Checkpoint> saved_;
  // The saved checkpoint's figures, for metrics() on other threads.
  std::atomic<int64_t> savedRcId_{0};
  std::atomic<size_t> savedGaps_{0};

  mutable std::mutex statsMutex_;
  DbTailStats stats_;
  std::string lastRowError_;

  std::mutex waitMutex_;
  std::condition_variable waitCv_;
  std::atomic<bool> stopped_{false};
};

}  // namespace rcfeed
