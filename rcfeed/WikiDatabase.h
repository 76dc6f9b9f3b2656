#pragma once
// WikiDatabase: how rcfeed reaches a wiki's own database through Poco::Data,
// shared by the DB tail (recentchanges) and the page store (page, image).
//
//   sqlite:/path/wiki.sqlite       opened read-only (an SQLite URI with mode=ro)
//   mysql://USER@HOST[:PORT]/DB    the password comes from an environment
//                                  variable or a file, never from the DSN
//
// The connection string of a MySQL database holds the password: it is for
// Poco::Data::Session only and must never be logged or shown. Messages name
// the DSN, which never holds one.

#include <string>

namespace rcfeed {

struct WikiDatabaseOptions {
  std::string dsn;
  std::string passwordEnv;   // MySQL: the variable holding the password
  std::string passwordFile;  // MySQL: the file holding it (first line)
};

struct WikiDatabase {
  std::string connector;         // Poco::Data connector name: "SQLite" or "MySQL"
  std::string connectionString;  // secret for MySQL (see above)
  std::string sqlitePath;        // the file, for SQLite
  bool mysql = false;
};

// Checks the DSN and reads the password. Throws std::runtime_error whose
// message starts with `who` ("db source", "page store") and says what is wrong.
WikiDatabase resolveWikiDatabase(const std::string& who, const WikiDatabaseOptions& options);

// $wgDBprefix may hold only A-Z a-z 0-9 _: it is pasted into SQL.
bool isValidTablePrefix(const std::string& prefix);

// Registers Poco's SQLite and MySQL connectors once per process.
void registerDatabaseConnectors();

}  // namespace rcfeed
