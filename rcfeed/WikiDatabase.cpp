#include "rcfeed/WikiDatabase.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <mutex>
#include <stdexcept>

namespace rcfeed {
namespace {

std::string readPassword(const std::string& who, const WikiDatabaseOptions& o) {
  if (!o.passwordEnv.empty()) {
    const char* v = std::getenv(o.passwordEnv.c_str());
    if (!v) throw std::runtime_error(who + ": environment variable " + o.passwordEnv + " (password) is not set");
    return v;
  }
  if (!o.passwordFile.empty()) {
    std::ifstream in(o.passwordFile);
    if (!in) throw std::runtime_error(who + ": cannot read password file " + o.passwordFile);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  return {};
}

}  // namespace

WikiDatabase resolveWikiDatabase(const std::string& who, const WikiDatabaseOptions& options) {
  const std::string& dsn = options.dsn;
  WikiDatabase db;
  if (dsn.rfind("sqlite:", 0) == 0) {
    const std::string path = dsn.substr(7);
    if (path.empty()) throw std::runtime_error(who + ": DSN '" + dsn + "' names no file");
    db.connector = "SQLite";
    db.sqlitePath = path;
    // An SQLite URI, so that the file is opened read-only; in a URI path
    // '%', '?' and '#' are special and must be escaped.
    std::string uriPath;
    for (char c : path) {
      if (c == '%') uriPath += "%25";
      else if (c == '?') uriPath += "%3f";
      else if (c == '#') uriPath += "%23";
      else uriPath += c;
    }
    db.connectionString = "file:" + uriPath + "?mode=ro";
    return db;
  }
  if (dsn.rfind("mysql://", 0) == 0) {
    Poco::URI uri;
    try {
      uri = Poco::URI(dsn);
    } catch (const Poco::Exception& e) {
      throw std::runtime_error(who + ": bad DSN '" + dsn + "': " + e.displayText());
    }
    std::string name = uri.getPath();
    if (!name.empty() && name[0] == '/') name.erase(0, 1);
    const std::string& user = uri.getUserInfo();
    if (user.find(':') != std::string::npos)
      throw std::runtime_error(who + ": put the MySQL password in an environment variable or file, not in the DSN");
    if (name.empty() || uri.getHost().empty() || user.empty())
      throw std::runtime_error(who + ": DSN must be mysql://USER@HOST[:PORT]/DB, not '" + dsn + "'");
    const std::string password = readPassword(who, options);
    // Poco's MySQL connector splits its connection string at ';' and '='.
    for (const std::string* part : std::initializer_list<const std::string*>{&user, &name, &password}) {
      if (part->find_first_of(";=") != std::string::npos)
        throw std::runtime_error(who + ": MySQL user, database and password may not contain ';' or '='");
    }
    db.connector = "MySQL";
    db.mysql = true;
    db.connectionString = "host=" + uri.getHost() + ";port=" + std::to_string(uri.getPort() ? uri.getPort() : 3306) +
                          ";db=" + name + ";user=" + user + (password.empty() ? "" : ";password=" + password);
    return db;
  }
  throw std::runtime_error(who + ": DSN must start with sqlite: or mysql://, not '" + dsn + "'");
}

bool isValidTablePrefix(const std::string& prefix) {
  return std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void registerDatabaseConnectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::MySQL::Connector::registerConnector();
  });
}

}  // namespace rcfeed
