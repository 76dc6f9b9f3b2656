#include "rcfeed/DbPageStore.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <unordered_set>

namespace rcfeed {
namespace {

constexpr int kNsMedia = -2;
constexpr int kNsFile = 6;
// Keys per statement: far below every SQLite and MySQL placeholder limit.
constexpr size_t kChunk = 200;
// A database that does not answer in this time is an error for this batch.
constexpr size_t kLoginTimeoutSeconds = 5;

void registerConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::MySQL::Connector::registerConnector();
  });
}

std::string cacheKey(int ns, const std::string& dbkey) { return std::to_string(ns) + ":" + dbkey; }

std::string readPassword(const DbPageStoreOptions& o) {
  if (!o.passwordEnv.empty()) {
    const char* v = std::getenv(o.passwordEnv.c_str());
    if (!v) throw std::runtime_error("page store: environment variable " + o.passwordEnv + " (password) is not set");
    return v;
  }
  if (!o.passwordFile.empty()) {
    std::ifstream in(o.passwordFile);
    if (!in) throw std::runtime_error("page store: cannot read password file " + o.passwordFile);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  return {};
}

std::string placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s;
}

}  // namespace

DbPageStore::DbPageStore(DbPageStoreOptions options) : options_(std::move(options)) {
  const auto& p = options_.tablePrefix;
  if (!std::all_of(p.begin(), p.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
    throw std::runtime_error("page store: table prefix '" + p + "' may hold only A-Z a-z 0-9 _");
  const std::string& dsn = options_.dsn;
  if (dsn.rfind("sqlite:", 0) == 0) {
    const std::string path = dsn.substr(7);
    if (path.empty()) throw std::runtime_error("page store: DSN '" + dsn + "' names no file");
    // A URI so that SQLite opens the file read-only; '?' and '#' would end the path.
    if (path.find_first_of("?#") != std::string::npos)
      throw std::runtime_error("page store: SQLite path may not contain '?' or '#': " + path);
    // Poco retries a failed SQLite open until its login timeout; a missing
    // file is better reported at once.
    if (!std::ifstream(path)) throw std::runtime_error("page store " + dsn + ": cannot read " + path);
    connector_ = "SQLite";
    connectionString_ = "file:" + path + "?mode=ro";
  } else if (dsn.rfind("mysql://", 0) == 0) {
    Poco::URI uri;
    try {
      uri = Poco::URI(dsn);
    } catch (const Poco::Exception& e) {
      throw std::runtime_error("page store: bad DSN '" + dsn + "': " + e.displayText());
    }
    std::string db = uri.getPath();
    if (!db.empty() && db[0] == '/') db.erase(0, 1);
    const std::string& user = uri.getUserInfo();
    if (user.find(':') != std::string::npos)
      throw std::runtime_error("page store: put the MySQL password in an environment variable or file, not in the DSN");
    if (db.empty() || uri.getHost().empty() || user.empty())
      throw std::runtime_error("page store: DSN must be mysql://USER@HOST[:PORT]/DB, not '" + dsn + "'");
    const std::string password = readPassword(options_);
    // Poco's MySQL connector splits its connection string at ';' and '='.
    for (const std::string* part : std::initializer_list<const std::string*>{&user, &db, &password}) {
      if (part->find_first_of(";=") != std::string::npos)
        throw std::runtime_error("page store: MySQL user, database and password may not contain ';' or '='");
    }
    connector_ = "MySQL";
    connectionString_ = "host=" + uri.getHost() + ";port=" + std::to_string(uri.getPort() ? uri.getPort() : 3306) +
                        ";db=" + db + ";user=" + user + (password.empty() ? "" : ";password=" + password);
  } else {
    throw std::runtime_error("page store: DSN must start with sqlite: or mysql://, not '" + dsn + "'");
  }
  registerConnectors();
  std::lock_guard<std::mutex> lock(mutex_);
  open();
  // Fail now, naming the DSN, rather than on the first comment.
  try {
    int n = 0;
    *session_ << "SELECT COUNT(*) FROM " + p + "page WHERE page_id = 0", Poco::Data::Keywords::into(n),
        Poco::Data::Keywords::now;
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("page store " + dsn + ": cannot read the page table: " + e.displayText());
  }
}

DbPageStore::~DbPageStore() = default;

void DbPageStore::open() const {
  try {
    session_ = std::make_unique<Poco::Data::Session>(connector_, connectionString_, kLoginTimeoutSeconds);
  } catch (const Poco::Exception& e) {
    session_.reset();
    throw std::runtime_error("page store " + options_.dsn + ": cannot open: " + e.displayText());
  }
}

void DbPageStore::remember(const std::string& key, const PageState& state) const {
  if (options_.cacheEntries == 0) return;
  if (auto it = index_.find(key); it != index_.end()) {
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, state, std::chrono::steady_clock::now()});
  index_[key] = lru_.begin();
  while (lru_.size() > options_.cacheEntries) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

void DbPageStore::query(const std::vector<PageKey>& keys, std::vector<PageState>& states) const {
  using Poco::Data::Keywords::bind;
  if (!session_) open();
  const std::string& p = options_.tablePrefix;
  std::unordered_map<std::string, PageState> pages;
  std::unordered_set<std::string> files;

  for (size_t start = 0; start < keys.size(); start += kChunk) {
    const size_t end = std::min(keys.size(), start + kChunk);
    std::vector<const PageKey*> pageKeys, fileKeys;
    for (size_t i = start; i < end; ++i) {
      if (keys[i].ns != kNsMedia) pageKeys.push_back(&keys[i]);
      if (keys[i].ns == kNsMedia || keys[i].ns == kNsFile) fileKeys.push_back(&keys[i]);
    }
    if (!pageKeys.empty()) {
      std::string sql = "SELECT page_namespace, page_title, page_is_redirect FROM " + p + "page WHERE ";
      for (size_t i = 0; i < pageKeys.size(); ++i) sql += i ? " OR (page_namespace = ? AND page_title = ?)"
                                                            : "(page_namespace = ? AND page_title = ?)";
      Poco::Data::Statement select(*session_);
      select << sql;
      for (const PageKey* k : pageKeys) select, bind(k->ns), bind(k->dbkey);
      select.execute();
      Poco::Data::RecordSet rs(select);
      for (size_t r = 0; r < rs.rowCount(); ++r) {
        const int ns = rs.value(0, r).convert<int>();
        const std::string title = rs.value(1, r).convert<std::string>();
        const bool redirect = !rs.isNull(2, r) && rs.value(2, r).convert<int>() != 0;
        pages[cacheKey(ns, title)] = PageState{true, redirect};
      }
    }
    if (!fileKeys.empty()) {
      Poco::Data::Statement select(*session_);
      select << "SELECT img_name FROM " + p + "image WHERE img_name IN (" + placeholders(fileKeys.size()) + ")";
      for (const PageKey* k : fileKeys) select, bind(k->dbkey);
      select.execute();
      Poco::Data::RecordSet rs(select);
      for (size_t r = 0; r < rs.rowCount(); ++r) files.insert(rs.value(0, r).convert<std::string>());
    }
  }
  states.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const PageKey& k = keys[i];
    PageState s;
    if (k.ns != kNsMedia) {
      if (auto it = pages.find(cacheKey(k.ns, k.dbkey)); it != pages.end()) s = it->second;
    }
    // Title::isKnown(): a file counts for its File: page and its Media: link.
    if ((k.ns == kNsMedia || k.ns == kNsFile) && files.count(k.dbkey)) s.known = true;
    states[i] = s;
  }
}

void DbPageStore::lookup(const std::vector<PageKey>& keys, std::vector<PageState>& states) const {
  std::lock_guard<std::mutex> lock(mutex_);
  states.assign(keys.size(), PageState{});
  const auto now = std::chrono::steady_clock::now();
  std::vector<PageKey> missing;
  std::vector<size_t> missingAt;
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string key = cacheKey(keys[i].ns, keys[i].dbkey);
    auto it = index_.find(key);
    if (it != index_.end() && now - it->second->stored <= options_.maxAge) {
      lru_.splice(lru_.begin(), lru_, it->second);
      states[i] = it->second->state;
      ++hits_;
      continue;
    }
    missing.push_back(keys[i]);
    missingAt.push_back(i);
  }
  if (missing.empty()) return;
  misses_ += missing.size();
  std::vector<PageState> found;
  try {
    query(missing, found);
  } catch (const std::exception& e) {
    lastError_ = e.what();
    session_.reset();
    for (size_t i : missingAt) states[i] = PageState{options_.fallbackKnown, false};
    return;
  }
  for (size_t j = 0; j < missing.size(); ++j) {
    states[missingAt[j]] = found[j];
    remember(cacheKey(missing[j].ns, missing[j].dbkey), found[j]);
  }
}

std::string DbPageStore::lastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lastError_;
}

uint64_t DbPageStore::cacheHits() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hits_;
}

uint64_t DbPageStore::cacheMisses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return misses_;
}

}  // namespace rcfeed
