#include "rcfeed/DbTailSource.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "rcfeed/LogActionComment.h"
#include "rcfeed/LogParams.h"
#include "rcfeed/MediaWikiTimestamp.h"

namespace rcfeed {

using namespace Poco::Data::Keywords;

// One recentchanges row with its joins, as the SELECT below returns it.
struct DbTailSource::Row {
  int64_t id = 0;
  std::string timestamp;
  int64_t ns = 0;
  std::string title;
  bool minor = false, bot = false;
  int64_t thisOldid = 0, lastOldid = 0;
  int type = 0;
  std::string source;
  int64_t patrolled = 0;
  std::optional<int64_t> oldLen, newLen;
  int64_t deleted = 0;
  int64_t logId = 0;
  std::optional<std::string> logType;
  std::optional<std::string> logAction;
  std::optional<std::string> params;
  std::string actorName;
  bool registered = false;
  std::string comment;
};

namespace {

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void registerConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::MySQL::Connector::registerConnector();
  });
}

// How long opening a session may take before it is an error.
constexpr size_t kLoginTimeoutSeconds = 10;

bool validPrefix(const std::string& p) {
  return std::all_of(p.begin(), p.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string readPassword(const DbTailOptions& o) {
  if (!o.passwordEnv.empty()) {
    const char* v = std::getenv(o.passwordEnv.c_str());
    if (!v) throw std::runtime_error("db source: environment variable " + o.passwordEnv + " (password) is not set");
    return v;
  }
  if (!o.passwordFile.empty()) {
    std::ifstream in(o.passwordFile);
    if (!in) throw std::runtime_error("db source: cannot read password file " + o.passwordFile);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  return {};
}

// RecordSet::value(col, row) builds a Dynamic::Var for every cell, copying a
// BLOB's bytes twice; reading the cell in place by its column's storage type
// makes the tail several times cheaper per row. Other types, and NULL cells
// (which the Var path refuses), go through the Var as before.
std::string text(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  if (!rs.isNull(col, row)) {
    switch (rs.columnType(col)) {
      case Poco::Data::MetaColumn::FDT_BLOB: {
        const auto& blob = rs.value<Poco::Data::BLOB>(col, row);
        return std::string(blob.begin(), blob.end());
      }
      case Poco::Data::MetaColumn::FDT_STRING:
        return rs.value<std::string>(col, row);
      default:
        break;
    }
  }
  return rs.value(col, row).convert<std::string>();
}

int64_t storedInteger(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  switch (rs.columnType(col)) {
    case Poco::Data::MetaColumn::FDT_INT64: return rs.value<Poco::Int64>(col, row);
    case Poco::Data::MetaColumn::FDT_INT32: return rs.value<Poco::Int32>(col, row);
    default: return rs.value(col, row).convert<Poco::Int64>();
  }
}

std::optional<std::string> optText(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  if (rs.isNull(col, row)) return std::nullopt;
  return text(rs, col, row);
}

int64_t integer(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  if (rs.isNull(col, row)) return 0;
  return storedInteger(rs, col, row);
}

std::optional<int64_t> optInteger(const Poco::Data::RecordSet& rs, size_t col, size_t row) {
  if (rs.isNull(col, row)) return std::nullopt;
  return storedInteger(rs, col, row);
}

}  // namespace

DbTailSource::DbTailSource(WikiPtr wiki, DbTailOptions options)
    : wiki_(std::move(wiki)), options_(std::move(options)), messages_(LogMessages::forLanguage(wiki_->lang)) {
  if (!validPrefix(options_.tablePrefix))
    throw std::runtime_error("db source: table prefix '" + options_.tablePrefix + "' may hold only A-Z a-z 0-9 _");
  if (options_.batchSize == 0) options_.batchSize = 1;
  const std::string& dsn = options_.dsn;
  if (dsn.rfind("sqlite:", 0) == 0) {
    const std::string path = dsn.substr(7);
    if (path.empty()) throw std::runtime_error("db source: DSN '" + dsn + "' names no file");
    connector_ = "SQLite";
    sqlitePath_ = path;
    // A URI, so that SQLite opens the file read-only; in a URI path '%', '?'
    // and '#' are special and must be escaped.
    std::string uriPath;
    for (char c : path) {
      if (c == '%') uriPath += "%25";
      else if (c == '?') uriPath += "%3f";
      else if (c == '#') uriPath += "%23";
      else uriPath += c;
    }
    connectionString_ = "file:" + uriPath + "?mode=ro";
    describe_ = "db " + dsn;
  } else if (dsn.rfind("mysql://", 0) == 0) {
    Poco::URI uri;
    try {
      uri = Poco::URI(dsn);
    } catch (const Poco::Exception& e) {
      throw std::runtime_error("db source: bad DSN '" + dsn + "': " + e.displayText());
    }
    std::string db = uri.getPath();
    if (!db.empty() && db[0] == '/') db.erase(0, 1);
    const std::string& user = uri.getUserInfo();
    if (user.find(':') != std::string::npos)
      throw std::runtime_error("db source: put the MySQL password in an environment variable or file, not in the DSN");
    if (db.empty() || uri.getHost().empty() || user.empty())
      throw std::runtime_error("db source: DSN must be mysql://USER@HOST[:PORT]/DB, not '" + dsn + "'");
    const std::string password = readPassword(options_);
    // Poco's MySQL connector splits its connection string at ';' and '='.
    for (const std::string* part : std::initializer_list<const std::string*>{&user, &db, &password})
      if (part->find_first_of(";=") != std::string::npos)
        throw std::runtime_error("db source: MySQL user, database and password may not contain ';' or '='");
    connector_ = "MySQL";
    mysql_ = true;
    connectionString_ = "host=" + uri.getHost() + ";port=" + std::to_string(uri.getPort() ? uri.getPort() : 3306) +
                        ";db=" + db + ";user=" + user + (password.empty() ? "" : ";password=" + password);
    describe_ = "db " + dsn;
  } else {
    throw std::runtime_error("db source: DSN must start with sqlite: or mysql://, not '" + dsn + "'");
  }

  const std::string& p = options_.tablePrefix;
  selectSql_ =
      "SELECT rc_id, rc_timestamp, rc_namespace, rc_title, rc_minor, rc_bot, rc_this_oldid, rc_last_oldid, rc_type, "
      "rc_source, rc_patrolled, rc_old_len, rc_new_len, rc_deleted, rc_logid, rc_log_type, rc_log_action, rc_params, "
      "actor_name, actor_user, comment_text FROM " +
      p + "recentchanges JOIN " + p + "actor ON actor_id = rc_actor JOIN " + p +
      "comment ON comment_id = rc_comment_id WHERE ";

  registerConnectors();
  open();
  if (!options_.statePath.empty()) store_.emplace(options_.statePath);
  resolveStart();
}

DbTailSource::~DbTailSource() = default;

void DbTailSource::open() {
  try {
    if (!mysql_ && !std::filesystem::exists(sqlitePath_))
      throw std::runtime_error(describe_ + ": cannot open: no such file " + sqlitePath_);
    session_ = std::make_unique<Poco::Data::Session>(connector_, connectionString_, kLoginTimeoutSeconds);
    if (!mysql_) {
      *session_ << "PRAGMA busy_timeout = " + std::to_string(options_.busyTimeout.count()), now;
    } else {
      // Each SELECT sees what was committed when it started.
      *session_ << "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", now;
    }
  } catch (const Poco::Exception& e) {
    session_.reset();
    throw std::runtime_error(describe_ + ": cannot open: " + e.displayText());
  }
}

void DbTailSource::resolveStart() {
  const DbTailStart& s = options_.start;
  switch (s.kind) {
    case DbTailStart::Kind::Resume:
      if (store_) {
        if (auto c = store_->load()) {
          maxSeen_ = c->rcId;
          for (const auto& g : c->gaps) gaps_[g.from] = Gap{g.to, g.firstSeenMs};
          saved_ = *c;
        }
      }
      break;
    case DbTailStart::Kind::FromStart:
      maxSeen_ = 0;
      break;
    case DbTailStart::Kind::SinceId:
      maxSeen_ = s.id;
      break;
    case DbTailStart::Kind::SinceTimestamp: {
      const auto ts = toMediaWikiTimestamp(s.timestamp);
      if (!ts) throw std::runtime_error("db source: '" + s.timestamp + "' is not a YYYYMMDDHHMMSS or ISO 8601 time");
      try {
        Poco::Nullable<Poco::Int64> first;
        std::string t = *ts;
        *session_ << "SELECT MIN(rc_id) FROM " + options_.tablePrefix + "recentchanges WHERE rc_timestamp >= ?",
            into(first), use(t), now;
        if (!first.isNull()) {
          maxSeen_ = first.value() - 1;
        } else {
          Poco::Nullable<Poco::Int64> last;
          *session_ << "SELECT MAX(rc_id) FROM " + options_.tablePrefix + "recentchanges", into(last), now;
          maxSeen_ = last.isNull() ? 0 : last.value();
        }
      } catch (const Poco::Exception& e) {
        throw std::runtime_error(describe_ + ": " + e.displayText());
      }
      break;
    }
  }
}

std::vector<DbTailSource::Row> DbTailSource::query(const std::string& where, size_t limit) {
  if (!session_) open();
  std::vector<Row> rows;
  try {
    // The statement is finished before the rows are worked on, so SQLite's
    // read lock lasts one query.
    Poco::Data::Statement stmt(*session_);
    stmt << selectSql_ + where + " ORDER BY rc_id LIMIT " + std::to_string(limit);
    stmt.execute();
    Poco::Data::RecordSet rs(stmt);
    const size_t n = rs.rowCount();
    rows.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      Row r;
      r.id = integer(rs, 0, i);
      r.timestamp = text(rs, 1, i);
      r.ns = integer(rs, 2, i);
      r.title = text(rs, 3, i);
      r.minor = integer(rs, 4, i) != 0;
      r.bot = integer(rs, 5, i) != 0;
      r.thisOldid = integer(rs, 6, i);
      r.lastOldid = integer(rs, 7, i);
      r.type = static_cast<int>(integer(rs, 8, i));
      r.source = text(rs, 9, i);
      r.patrolled = integer(rs, 10, i);
      r.oldLen = optInteger(rs, 11, i);
      r.newLen = optInteger(rs, 12, i);
      r.deleted = integer(rs, 13, i);
      r.logId = integer(rs, 14, i);
      r.logType = optText(rs, 15, i);
      r.logAction = optText(rs, 16, i);
      r.params = optText(rs, 17, i);
      r.actorName = text(rs, 18, i);
      r.registered = !rs.isNull(19, i) && integer(rs, 19, i) != 0;
      r.comment = text(rs, 20, i);
      rows.push_back(std::move(r));
    }
  } catch (const Poco::Exception& e) {
    session_.reset();
    throw std::runtime_error(describe_ + ": " + e.displayText());
  }
  return rows;
}

bool DbTailSource::deliver(Row& row, bool fromGap, int64_t gapFirstSeenMs, std::vector<SourcedChange>& out) {
  if (row.deleted != 0) {
    std::lock_guard lock(statsMutex_);
    ++stats_.suppressedSkipped;
    return false;
  }
  const auto ts = parseMediaWikiTimestamp(row.timestamp);
  if (!ts) {
    std::lock_guard lock(statsMutex_);
    ++stats_.rowErrors;
    lastRowError_ = describe_ + ": rc_id " + std::to_string(row.id) + ": rc_timestamp '" + row.timestamp +
                    "' is not YYYYMMDDHHMMSS";
    return false;
  }
  const Wiki& wiki = *wiki_;
  SourcedChange sc;
  RecentChange& rc = sc.rc;
  rc.id = row.id;
  rc.rcType = row.type;
  rc.type = rcTypeName(row.type);
  if (row.title.empty()) {
    // MediaWiki's RecentChange::getTitle() for an empty rc_title (spec 1.8.7).
    rc.ns = -1;
    rc.title = wiki.titlePrefix(-1) + "BadTitle";
  } else {
    rc.ns = row.ns;
    std::replace(row.title.begin(), row.title.end(), '_', ' ');
    rc.title = wiki.titlePrefix(static_cast<int>(row.ns)) + row.title;
  }
  rc.comment = std::move(row.comment);
  rc.timestamp = *ts;
  rc.user = std::move(row.actorName);
  rc.bot = row.bot;
  rc.minor = row.minor;
  const bool isNew = row.type == RC_NEW;
  if (row.type == RC_EDIT || isNew) {
    if (options_.useRCPatrol || (isNew && options_.useNPPatrol)) rc.patrolled = row.patrolled != 0;
    rc.oldLen = isNew ? std::nullopt : row.oldLen;
    rc.newLen = row.newLen;
    rc.lastOldid = isNew ? std::nullopt : std::optional<int64_t>(row.lastOldid);
    rc.thisOldid = row.thisOldid;
  }
  if (row.type == RC_LOG) {
    rc.logId = row.logId;
    rc.logType = row.logType;
    rc.logAction = row.logAction.value_or("");
    rc.logParams = logParamsFromRcParams(row.params);
    if (messages_ && row.logType) {
      LogEntryRow entry{*row.logType, rc.logAction, rc.title, rc.user, row.params, rc.timestamp, rc.comment};
      rc.logActionComment = logActionComment(entry, *messages_);
    }
  }
  rc.serverUrl = wiki.canonicalServer;
  rc.serverName = wiki.serverName;
  rc.serverScriptPath = wiki.scriptPath.empty() ? "/" : wiki.scriptPath;
  rc.wiki = wiki.wikiId;
  rc.source = std::move(row.source);
  rc.registered = row.registered;
  rc.deleted = static_cast<int>(row.deleted);

  sc.position = nextPosition_++;
  inFlight_.push_back(InFlight{sc.position, row.id, fromGap, gapFirstSeenMs});
  out.push_back(std::move(sc));
  std::lock_guard lock(statsMutex_);
  ++stats_.rowsDelivered;
  if (fromGap) ++stats_.gapRowsFound;
  return true;
}

void DbTailSource::addGap(int64_t from, int64_t to, int64_t seenAtMs) {
  gaps_[from] = Gap{to, seenAtMs};
  while (gaps_.size() > options_.maxGaps) {
    auto oldest = std::min_element(gaps_.begin(), gaps_.end(), [](const auto& a, const auto& b) {
      return a.second.firstSeenMs < b.second.firstSeenMs;
    });
    std::lock_guard lock(statsMutex_);
    stats_.gapIdsExpired += static_cast<uint64_t>(oldest->second.to - oldest->first + 1);
    gaps_.erase(oldest);
  }
}

void DbTailSource::takeFromGap(int64_t rcId, int64_t& firstSeenMs) {
  auto it = gaps_.upper_bound(rcId);
  if (it == gaps_.begin()) return;
  --it;
  const int64_t from = it->first;
  const Gap gap = it->second;
  if (rcId > gap.to) return;
  firstSeenMs = gap.firstSeenMs;
  gaps_.erase(it);
  if (from < rcId) gaps_[from] = Gap{rcId - 1, gap.firstSeenMs};
  if (rcId < gap.to) gaps_[rcId + 1] = Gap{gap.to, gap.firstSeenMs};
}

void DbTailSource::expireGaps(int64_t atMs) {
  for (auto it = gaps_.begin(); it != gaps_.end();) {
    if (atMs - it->second.firstSeenMs > options_.gapGrace.count()) {
      std::lock_guard lock(statsMutex_);
      stats_.gapIdsExpired += static_cast<uint64_t>(it->second.to - it->first + 1);
      it = gaps_.erase(it);
    } else {
      ++it;
    }
  }
}

size_t DbTailSource::readGaps(std::vector<SourcedChange>& out, size_t max) {
  if (gaps_.empty() || max == 0) return 0;
  // A bounded number of ranges per statement keeps the SQL short.
  constexpr size_t kRangesPerQuery = 100;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  for (const auto& [from, gap] : gaps_) ranges.emplace_back(from, gap.to);
  size_t delivered = 0;
  for (size_t i = 0; i < ranges.size() && delivered < max; i += kRangesPerQuery) {
    std::string where = "(";
    for (size_t j = i; j < std::min(ranges.size(), i + kRangesPerQuery); ++j) {
      if (j > i) where += " OR ";
      where += "rc_id BETWEEN " + std::to_string(ranges[j].first) + " AND " + std::to_string(ranges[j].second);
    }
    where += ")";
    for (Row& row : query(where, max - delivered)) {
      int64_t firstSeen = 0;
      takeFromGap(row.id, firstSeen);
      if (deliver(row, true, firstSeen, out)) ++delivered;
    }
  }
  // Expired only after this last look, so that gaps loaded from a checkpoint
  // older than the grace period are still searched once after a restart.
  expireGaps(nowMs());
  return delivered;
}

size_t DbTailSource::readNew(std::vector<SourcedChange>& out, size_t max) {
  const size_t limit = std::min(max, options_.batchSize);
  if (limit == 0) return 0;
  std::vector<Row> rows = query("rc_id > " + std::to_string(maxSeen_), limit);
  const int64_t seenAtMs = nowMs();
  size_t delivered = 0;
  for (Row& row : rows) {
    if (row.id > maxSeen_ + 1) addGap(maxSeen_ + 1, row.id - 1, seenAtMs);
    maxSeen_ = row.id;
    if (deliver(row, false, 0, out)) ++delivered;
  }
  return delivered;
}

bool DbTailSource::poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!stopped_) {
    const size_t before = out.size();
    readGaps(out, max);
    const int64_t scanFrom = maxSeen_;
    readNew(out, max - (out.size() - before));
    if (out.size() > before) return true;
    if (maxSeen_ != scanFrom) continue;  // only suppressed rows: read on
    if (options_.once) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return true;
    std::unique_lock lock(waitMutex_);
    waitCv_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(options_.pollInterval, deadline - now),
                     [this] { return stopped_.load(); });
  }
  return false;
}

Checkpoint DbTailSource::computeCheckpoint() const {
  Checkpoint c;
  c.rcId = maxSeen_;
  for (const auto& f : inFlight_)
    if (!f.fromGap) {
      c.rcId = f.rcId - 1;
      break;
    }
  for (const auto& [from, gap] : gaps_)
    if (from <= c.rcId) c.gaps.push_back(CheckpointGap{from, std::min(gap.to, c.rcId), gap.firstSeenMs});
  for (const auto& f : inFlight_)
    if (f.fromGap && f.rcId <= c.rcId) c.gaps.push_back(CheckpointGap{f.rcId, f.rcId, f.gapFirstSeenMs});
  std::sort(c.gaps.begin(), c.gaps.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  return c;
}

void DbTailSource::acknowledge(Position upTo) {
  while (!inFlight_.empty() && inFlight_.front().position <= upTo) inFlight_.pop_front();
  if (!store_) return;
  Checkpoint c = computeCheckpoint();
  if (saved_ && *saved_ == c) return;
  store_->save(c);
  savedRcId_ = c.rcId;
  savedGaps_ = c.gaps.size();
  saved_ = std::move(c);
}

std::vector<SourceMetric> DbTailSource::metrics() const {
  const DbTailStats s = stats();
  return {
      {"db_rows_delivered_total", "Rows read and rebuilt into changes.", static_cast<double>(s.rowsDelivered), true},
      {"db_suppressed_skipped_total", "Rows skipped for rc_deleted != 0.", static_cast<double>(s.suppressedSkipped), true},
      {"db_row_errors_total", "Rows that could not be rebuilt.", static_cast<double>(s.rowErrors), true},
      {"db_gap_rows_found_total", "Rows that committed late, found in a gap.", static_cast<double>(s.gapRowsFound), true},
      {"db_gap_ids_expired_total", "Skipped rc_ids given up after the grace period.", static_cast<double>(s.gapIdsExpired), true},
      {"checkpoint_rc_id", "rc_id of the saved checkpoint: everything up to it was delivered.",
       static_cast<double>(savedRcId_.load()), false},
      {"checkpoint_open_gaps", "Gap runs the saved checkpoint still looks for.", static_cast<double>(savedGaps_.load()), false},
  };
}

Checkpoint DbTailSource::checkpoint() const { return computeCheckpoint(); }

void DbTailSource::stop() {
  {
    std::lock_guard lock(waitMutex_);
    stopped_ = true;
  }
  waitCv_.notify_all();
}

std::string DbTailSource::describe() const { return describe_; }

DbTailStats DbTailSource::stats() const {
  std::lock_guard lock(statsMutex_);
  return stats_;
}

std::string DbTailSource::lastRowError() const {
  std::lock_guard lock(statsMutex_);
  return lastRowError_;
}

}  // namespace rcfeed
