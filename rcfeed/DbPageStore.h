#pragma once
// DbPageStore: page existence for parsedcomment read from the wiki's own
// database (the `page` table, and `image` for files), through Poco::Data.
//
//   sqlite:/path/wiki.sqlite        opened read-only; one short SELECT per
//                                   comment batch, never a long transaction
//   mysql://user@host[:port]/db     MariaDB/MySQL; the password comes from
//                                   the environment variable or file named
//                                   in the options, never from the DSN
//
// Answers are kept in a bounded LRU cache (`cacheEntries`), each for at most
// `maxAge`, so a page created or deleted while rcfeed runs is seen again
// after that long. Pages in a batch that are not cached are read with one
// query per table.
//
// Failure: construction throws std::runtime_error naming the DSN (never the
// password) when the database cannot be opened. A failed lookup later does
// not throw: the batch is answered with `fallbackKnown`, nothing is cached,
// lastError() says what happened and the session is reopened on the next
// lookup.
//
// Threading: lookup() may be called from several threads; calls are
// serialised on one session.

#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "formatter/PageStore.h"

namespace Poco::Data {
class Session;
}

namespace rcfeed {

struct DbPageStoreOptions {
  std::string dsn;               // sqlite:PATH or mysql://USER@HOST[:PORT]/DB
  std::string tablePrefix;       // $wgDBprefix ([A-Za-z0-9_]*)
  std::string passwordEnv;       // MySQL: variable holding the password
  std::string passwordFile;      // MySQL: file holding the password
  size_t cacheEntries = 10000;   // 0 turns the cache off
  std::chrono::milliseconds maxAge{std::chrono::seconds(60)};
  bool fallbackKnown = true;     // the answer while the database cannot be read
};

class DbPageStore final : public PageStore {
 public:
  explicit DbPageStore(DbPageStoreOptions options);
  ~DbPageStore() override;
  DbPageStore(const DbPageStore&) = delete;
  DbPageStore& operator=(const DbPageStore&) = delete;

  void lookup(const std::vector<PageKey>& keys, std::vector<PageState>& states) const override;

  // The last database error, "" when none happened yet.
  std::string lastError() const;
  // How many lookups of single pages were answered from the cache / the database.
  uint64_t cacheHits() const;
  uint64_t cacheMisses() const;

 private:
  struct Entry {
    std::string key;
    PageState state;
    std::chrono::steady_clock::time_point stored;
  };

  void open() const;
  void query(const std::vector<PageKey>& keys, std::vector<PageState>& states) const;
  void remember(const std::string& key, const PageState& state) const;

  DbPageStoreOptions options_;
  std::string connector_;
  std::string connectionString_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<Poco::Data::Session> session_;
  mutable std::list<Entry> lru_;  // most recently used first
  mutable std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  mutable std::string lastError_;
  mutable uint64_t hits_ = 0;
  mutable uint64_t misses_ = 0;
};

}  // namespace rcfeed
