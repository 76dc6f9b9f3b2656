#include "rcfeed/Config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/RegularExpression.h>
#include <Poco/URI.h>

#include "engine/EventBus.h"
#include "engine/EventBusFactory.h"
#include "engine/FileEventService.h"
#include "formatter/EventBusRCFeedFormatter.h"
#include "formatter/LinkTrail.h"

namespace rcfeed {
namespace {

namespace fs = std::filesystem;
using rapidjson::Value;

constexpr std::string_view kEngineShort = "EventBusRCFeedEngine";
constexpr std::string_view kEngineFull = "MediaWiki\\Extension\\EventBus\\Adapters\\RCFeed\\EventBusRCFeedEngine";
constexpr std::string_view kFormatterShort = "EventBusRCFeedFormatter";
constexpr std::string_view kFormatterFull = "MediaWiki\\Extension\\EventBus\\Adapters\\RCFeed\\EventBusRCFeedFormatter";

std::string typeName(const Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    case rapidjson::kNumberType: return "a number";
  }
  return "?";
}

std::string join(const std::vector<std::string_view>& names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string key(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

class Reader {
 public:
  Reader(std::string origin, std::string baseDir) : origin_(std::move(origin)), baseDir_(std::move(baseDir)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& reason) const {
    throw ConfigError(origin_ + ": " + path + ": " + reason);
  }

  const std::string& origin() const { return origin_; }

  // An object whose keys are all in `known` and none repeated.
  void checkObject(const Value& v, const std::string& path, const std::vector<std::string_view>& known) const {
    if (!v.IsObject()) fail(path, "must be an object, not " + typeName(v));
    std::set<std::string_view> seen;
    for (const auto& m : v.GetObject()) {
      std::string_view name(m.name.GetString(), m.name.GetStringLength());
      if (!seen.insert(name).second) fail(key(path, name), "given twice");
      if (known.empty()) continue;
      bool ok = false;
      for (auto k : known) ok = ok || k == name;
      if (!ok) fail(key(path, name), "unknown setting (known here: " + join(known) + ")");
    }
  }

  void checkUniqueKeys(const Value& v, const std::string& path) const {
    if (!v.IsObject()) fail(path, "must be an object, not " + typeName(v));
    checkObject(v, path, {});
  }

  static const Value* member(const Value& obj, std::string_view name) {
    auto it = obj.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
    return it == obj.MemberEnd() ? nullptr : &it->value;
  }

  std::string string(const Value& v, const std::string& path) const {
    if (!v.IsString()) fail(path, "must be a string, not " + typeName(v));
    return std::string(v.GetString(), v.GetStringLength());
  }

  std::string nonEmptyString(const Value& v, const std::string& path) const {
    std::string s = string(v, path);
    if (s.empty()) fail(path, "must not be empty");
    return s;
  }

  // MediaWiki options are PHP-truthy; rcfeed takes booleans and 0/1.
  bool boolean(const Value& v, const std::string& path) const {
    if (v.IsBool()) return v.GetBool();
    if (v.IsInt64() && (v.GetInt64() == 0 || v.GetInt64() == 1)) return v.GetInt64() == 1;
    fail(path, "must be true or false, not " + typeName(v));
  }

  int64_t integer(const Value& v, const std::string& path, int64_t min, int64_t max) const {
    if (!v.IsInt64()) fail(path, "must be an integer, not " + typeName(v));
    int64_t i = v.GetInt64();
    if (i < min || i > max) {
      fail(path, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " + std::to_string(i));
    }
    return i;
  }

  std::string resolvePath(const std::string& p) const {
    fs::path path(p);
    if (path.is_relative()) path = fs::path(baseDir_) / path;
    return path.lexically_normal().string();
  }

 private:
  std::string origin_;
  std::string baseDir_;
};

AddressRange parseRange(const Reader& r, const std::string& text, const std::string& path) {
  AddressRange range;
  std::string addr = text;
  std::optional<std::string> bits;
  if (auto slash = text.find('/'); slash != std::string::npos) {
    addr = text.substr(0, slash);
    bits = text.substr(slash + 1);
  }
  Poco::Net::IPAddress ip;
  if (!Poco::Net::IPAddress::tryParse(addr, ip)) r.fail(path, "'" + text + "' is not an IP address or CIDR range");
  range.address = addr;
  range.ipv6 = ip.family() == Poco::Net::IPAddress::IPv6;
  const unsigned maxBits = range.ipv6 ? 128 : 32;
  range.prefixBits = maxBits;
  if (bits) {
    if (bits->empty() || bits->size() > 3 || bits->find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(*bits) > maxBits) {
      r.fail(path, "'" + text + "': prefix length must be 0.." + std::to_string(maxBits));
    }
    range.prefixBits = static_cast<unsigned>(std::stoul(*bits));
  }
  return range;
}

void parseHostPort(const Reader& r, const std::string& text, const std::string& path, std::string& host,
                   uint16_t& port) {
  std::string h, p;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string::npos) r.fail(path, "'" + text + "' must be HOST:PORT or [IPv6]:PORT");
    h = text.substr(1, close - 1);
    p = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) {
      r.fail(path, "'" + text + "' must be HOST:PORT or [IPv6]:PORT");
    }
    h = text.substr(0, colon);
    p = text.substr(colon + 1);
  }
  Poco::Net::IPAddress ip;
  if (!Poco::Net::IPAddress::tryParse(h, ip)) r.fail(path, "'" + h + "' is not an IP address");
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos || std::stoul(p) > 65535) {
    r.fail(path, "'" + p + "' is not a port number");
  }
  host = h;
  port = static_cast<uint16_t>(std::stoul(p));
}

SourceConfig parseSource(const Reader& r, const Value& v, const std::string& path) {
  SourceConfig s;
  if (!v.IsObject()) r.fail(path, "must be an object, not " + typeName(v));
  const Value* type = Reader::member(v, "type");
  if (!type) r.fail(key(path, "type"), "missing (udp, db or replay)");
  const std::string t = r.string(*type, key(path, "type"));
  if (t == "udp") {
    s.type = SourceConfig::Type::Udp;
    r.checkObject(v, path, {"type", "listen", "allow", "recv_buffer_bytes", "spool", "spool_max_bytes", "spool_fsync"});
    if (auto* m = Reader::member(v, "listen")) {
      parseHostPort(r, r.string(*m, key(path, "listen")), key(path, "listen"), s.udp.host, s.udp.port);
    }
    if (auto* m = Reader::member(v, "allow")) {
      if (!m->IsArray()) r.fail(key(path, "allow"), "must be an array of addresses or CIDR ranges");
      s.udp.allow.clear();
      for (rapidjson::SizeType i = 0; i < m->Size(); ++i) {
        std::string p = key(path, "allow") + "[" + std::to_string(i) + "]";
        s.udp.allow.push_back(parseRange(r, r.string((*m)[i], p), p));
      }
    }
    if (auto* m = Reader::member(v, "recv_buffer_bytes")) {
      s.udp.recvBufferBytes = static_cast<size_t>(r.integer(*m, key(path, "recv_buffer_bytes"), 4096, 1LL << 31));
    }
    const Value* spool = Reader::member(v, "spool");
    if (!spool) r.fail(key(path, "spool"), "missing: the directory every received datagram is kept in until delivered");
    s.udp.spoolDir = r.resolvePath(r.nonEmptyString(*spool, key(path, "spool")));
    if (auto* m = Reader::member(v, "spool_max_bytes")) {
      s.udp.spoolMaxBytes = static_cast<uint64_t>(r.integer(*m, key(path, "spool_max_bytes"), 1 << 20, 1LL << 50));
    }
    if (auto* m = Reader::member(v, "spool_fsync")) {
      const std::string f = r.string(*m, key(path, "spool_fsync"));
      if (f == "batch") s.udp.spoolFsync = UdpSourceConfig::Fsync::Batch;
      else if (f == "interval") s.udp.spoolFsync = UdpSourceConfig::Fsync::Interval;
      else if (f == "never") s.udp.spoolFsync = UdpSourceConfig::Fsync::Never;
      else r.fail(key(path, "spool_fsync"), "'" + f + "' is not batch, interval or never");
    }
  } else if (t == "db") {
    s.type = SourceConfig::Type::Db;
    r.checkObject(v, path, {"type", "dsn", "state", "poll_ms", "batch", "password_env", "password_file",
                            "table_prefix", "gap_grace_ms"});
    const Value* dsn = Reader::member(v, "dsn");
    if (!dsn) r.fail(key(path, "dsn"), "missing (sqlite:/path/wiki.sqlite or mysql://user@host:3306/wikidb)");
    s.db.dsn = r.nonEmptyString(*dsn, key(path, "dsn"));
    if (s.db.dsn.rfind("sqlite:", 0) == 0) {
      s.db.backend = DbSourceConfig::Backend::SQLite;
      std::string file = s.db.dsn.substr(7);
      if (file.empty()) r.fail(key(path, "dsn"), "sqlite: needs a file path");
      s.db.sqlitePath = r.resolvePath(file);
    } else if (s.db.dsn.rfind("mysql://", 0) == 0) {
      s.db.backend = DbSourceConfig::Backend::MySQL;
      Poco::URI uri;
      try {
        uri = Poco::URI(s.db.dsn);
      } catch (const Poco::Exception&) {
        r.fail(key(path, "dsn"), "not a mysql://user@host:port/database url");
      }
      // Never repeat the dsn in this message: it might hold a password.
      if (uri.getUserInfo().find(':') != std::string::npos) {
        r.fail(key(path, "dsn"), "must not contain a password; use password_env or password_file");
      }
      s.db.user = uri.getUserInfo();
      s.db.host = uri.getHost();
      s.db.port = uri.getPort() ? uri.getPort() : 3306;
      s.db.database = uri.getPath().empty() ? "" : uri.getPath().substr(1);
      if (s.db.user.empty() || s.db.host.empty() || s.db.database.empty() || !uri.getQuery().empty()) {
        r.fail(key(path, "dsn"), "must be mysql://user@host[:port]/database");
      }
    } else {
      r.fail(key(path, "dsn"), "must start with sqlite: or mysql://");
    }
    const Value* state = Reader::member(v, "state");
    if (!state) r.fail(key(path, "state"), "missing: the checkpoint file of this feed");
    s.db.statePath = r.resolvePath(r.nonEmptyString(*state, key(path, "state")));
    if (auto* m = Reader::member(v, "poll_ms")) {
      s.db.poll = std::chrono::milliseconds(r.integer(*m, key(path, "poll_ms"), 1, 3600000));
    }
    if (auto* m = Reader::member(v, "batch")) s.db.batch = static_cast<size_t>(r.integer(*m, key(path, "batch"), 1, 1000000));
    if (auto* m = Reader::member(v, "table_prefix")) {
      s.db.tablePrefix = r.string(*m, key(path, "table_prefix"));
      if (s.db.tablePrefix.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
          std::string::npos) {
        r.fail(key(path, "table_prefix"), "may hold only letters, digits and _");
      }
    }
    if (auto* m = Reader::member(v, "gap_grace_ms")) {
      s.db.gapGrace = std::chrono::milliseconds(r.integer(*m, key(path, "gap_grace_ms"), 0, 86400000));
    }
    if (auto* m = Reader::member(v, "password_env")) s.db.passwordEnv = r.nonEmptyString(*m, key(path, "password_env"));
    if (auto* m = Reader::member(v, "password_file")) {
      s.db.passwordFile = r.resolvePath(r.nonEmptyString(*m, key(path, "password_file")));
    }
    if (!s.db.passwordEnv.empty() && !s.db.passwordFile.empty()) {
      r.fail(key(path, "password_file"), "give password_env or password_file, not both");
    }
    if (s.db.backend == DbSourceConfig::Backend::SQLite && (!s.db.passwordEnv.empty() || !s.db.passwordFile.empty())) {
      r.fail(key(path, "dsn"), "an sqlite: database takes no password");
    }
  } else if (t == "replay") {
    s.type = SourceConfig::Type::Replay;
    r.checkObject(v, path, {"type"});
  } else {
    r.fail(key(path, "type"), "'" + t + "' is not a source type (udp, db or replay)");
  }
  return s;
}

PagesConfig parsePages(const Reader& r, const Value& feed, const SourceConfig& source, const std::string& path) {
  PagesConfig p;
  if (source.type == SourceConfig::Type::Db) {
    const DbSourceConfig& db = source.db;
    p.dsn = db.backend == DbSourceConfig::Backend::SQLite ? "sqlite:" + db.sqlitePath : db.dsn;
    p.tablePrefix = db.tablePrefix;
    p.passwordEnv = db.passwordEnv;
    p.passwordFile = db.passwordFile;
  }
  if (const Value* v = Reader::member(feed, "pages")) {
    const std::string at = path + ".pages";
    if (!v->IsObject()) r.fail(at, "must be an object with a dsn");
    r.checkObject(*v, at, {"dsn", "table_prefix", "password_env", "password_file"});
    p = PagesConfig{};
    const Value* dsn = Reader::member(*v, "dsn");
    if (!dsn) r.fail(key(at, "dsn"), "missing (sqlite:/path/wiki.sqlite or mysql://user@host:3306/wikidb)");
    p.dsn = r.nonEmptyString(*dsn, key(at, "dsn"));
    if (p.dsn.rfind("sqlite:", 0) == 0) {
      p.dsn = "sqlite:" + r.resolvePath(p.dsn.substr(7));
    } else if (p.dsn.rfind("mysql://", 0) != 0) {
      r.fail(key(at, "dsn"), "must start with sqlite: or mysql://");
    } else {
      std::string userInfo;
      try {
        userInfo = Poco::URI(p.dsn).getUserInfo();
      } catch (const Poco::Exception&) {
        r.fail(key(at, "dsn"), "not a mysql://user@host:port/database url");
      }
      if (userInfo.find(':') != std::string::npos)
        r.fail(key(at, "dsn"), "must not contain a password; use password_env or password_file");
    }
    if (auto* m = Reader::member(*v, "table_prefix")) p.tablePrefix = r.string(*m, key(at, "table_prefix"));
    if (auto* m = Reader::member(*v, "password_env")) p.passwordEnv = r.nonEmptyString(*m, key(at, "password_env"));
    if (auto* m = Reader::member(*v, "password_file")) {
      p.passwordFile = r.resolvePath(r.nonEmptyString(*m, key(at, "password_file")));
    }
  }
  if (const Value* v = Reader::member(feed, "assume_pages")) {
    const std::string a = r.string(*v, path + ".assume_pages");
    if (a != "exist" && a != "missing") r.fail(path + ".assume_pages", "'" + a + "' is not exist or missing");
    if (Reader::member(feed, "pages")) r.fail(path + ".assume_pages", "give pages or assume_pages, not both");
    p.assumeExist = a == "exist";
    p.dsn.clear();
  }
  return p;
}

std::chrono::milliseconds serviceTimeout(const Reader& r, const Value& v, const std::string& path) {
  // EventBus: missing, 0 or null -> 10 s.
  if (v.IsNull()) return std::chrono::milliseconds(10000);
  if (!v.IsNumber()) r.fail(path, "must be a number of seconds, not " + typeName(v));
  double s = v.GetDouble();
  if (!std::isfinite(s) || s < 0 || s > 86400) r.fail(path, "must be between 0 and 86400 seconds");
  if (s == 0) return std::chrono::milliseconds(10000);
  return std::chrono::milliseconds(std::max<int64_t>(1, static_cast<int64_t>(std::llround(s * 1000))));
}

EventServiceConfig parseService(const Reader& r, const std::string& name, const Value& v, const std::string& path) {
  r.checkObject(v, path, {"url", "timeout", "x_client_ip_forwarding_enabled", "ca_file", "ca_dir", "tls_verify"});
  EventServiceConfig s;
  s.name = name;
  const Value* url = Reader::member(v, "url");
  if (!url) r.fail(key(path, "url"), "missing");
  s.url = r.nonEmptyString(*url, key(path, "url"));
  if (auto* m = Reader::member(v, "timeout")) s.timeout = serviceTimeout(r, *m, key(path, "timeout"));
  // There is no client request to take an IP from; the setting is accepted
  // so that a MediaWiki configuration can be used as it is.
  if (auto* m = Reader::member(v, "x_client_ip_forwarding_enabled")) r.boolean(*m, key(path, "x_client_ip_forwarding_enabled"));
  if (auto* m = Reader::member(v, "ca_file")) s.tls.caFile = r.resolvePath(r.nonEmptyString(*m, key(path, "ca_file")));
  if (auto* m = Reader::member(v, "ca_dir")) s.tls.caDir = r.resolvePath(r.nonEmptyString(*m, key(path, "ca_dir")));
  if (auto* m = Reader::member(v, "tls_verify")) s.tls.verify = r.boolean(*m, key(path, "tls_verify"));

  const bool hasTls = !s.tls.caFile.empty() || !s.tls.caDir.empty() || Reader::member(v, "tls_verify");
  if (s.url.rfind("file:", 0) == 0) {
    std::string file = filePathOfUrl(s.url);
    if (file.empty() || file.front() != '/') r.fail(key(path, "url"), "a file url must be file:///absolute/path.jsonl");
    // The error_code form: a path the system refuses (e.g. a name longer
    // than NAME_MAX) is a configuration error, not a filesystem_error.
    const fs::path folder = fs::path(file).parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
      r.fail(key(path, "url"), "folder " + folder.string() +
                                   (ec && ec != std::errc::no_such_file_or_directory ? " cannot be used: " + ec.message()
                                                                                     : " does not exist"));
    }
    if (hasTls) r.fail(path, "TLS settings (ca_file, ca_dir, tls_verify) apply to https urls only");
    return s;
  }
  Poco::URI uri;
  try {
    uri = Poco::URI(s.url);
  } catch (const Poco::Exception& e) {
    r.fail(key(path, "url"), "not a url: " + e.displayText());
  }
  if (uri.getScheme() != "http" && uri.getScheme() != "https") {
    r.fail(key(path, "url"), "scheme must be http, https or file, not '" + uri.getScheme() + "'");
  }
  if (uri.getHost().empty()) r.fail(key(path, "url"), "no host in '" + s.url + "'");
  if (uri.getScheme() == "http" && hasTls) r.fail(path, "TLS settings (ca_file, ca_dir, tls_verify) apply to https urls only");
  std::error_code ec;
  if (!s.tls.caFile.empty() && !fs::is_regular_file(s.tls.caFile, ec)) r.fail(key(path, "ca_file"), "no such file " + s.tls.caFile);
  if (!s.tls.caDir.empty() && !fs::is_directory(s.tls.caDir, ec)) r.fail(key(path, "ca_dir"), "no such folder " + s.tls.caDir);
  return s;
}

// EventStreams settings rcfeed uses, from an entry or from EventStreamsDefaultSettings.
void readStreamSettings(const Reader& r, const Value& v, const std::string& path, EventStreamConfig& s) {
  if (auto* m = Reader::member(v, "destination_event_service"); m && !m->IsNull()) {
    s.destinationEventService = r.string(*m, key(path, "destination_event_service"));
  }
  const Value* producers = Reader::member(v, "producers");
  if (!producers || producers->IsNull()) return;
  if (!producers->IsObject()) r.fail(key(path, "producers"), "must be an object, not " + typeName(*producers));
  const Value* eb = Reader::member(*producers, "mediawiki_eventbus");
  const std::string ebPath = key(path, "producers.mediawiki_eventbus");
  if (!eb || eb->IsNull()) return;
  if (!eb->IsObject()) r.fail(ebPath, "must be an object, not " + typeName(*eb));
  if (auto* m = Reader::member(*eb, "enabled"); m && !m->IsNull()) {
    // PHP truthiness of the usual spellings.
    if (m->IsBool()) s.producerEnabled = m->GetBool();
    else if (m->IsNumber()) s.producerEnabled = m->GetDouble() != 0;
    else if (m->IsString()) s.producerEnabled = !(m->GetStringLength() == 0 || std::string_view(m->GetString()) == "0");
    else r.fail(key(ebPath, "enabled"), "must be true or false, not " + typeName(*m));
  }
  if (auto* m = Reader::member(*eb, "event_service_name"); m && !m->IsNull()) {
    s.producerEventServiceName = r.string(*m, key(ebPath, "event_service_name"));
  }
}

std::vector<EventStreamConfig> parseStreams(const Reader& r, const Value& v, const Value* defaults) {
  EventStreamConfig base;
  if (defaults) {
    r.checkUniqueKeys(*defaults, "EventStreamsDefaultSettings");
    readStreamSettings(r, *defaults, "EventStreamsDefaultSettings", base);
  }
  std::vector<EventStreamConfig> streams;
  auto add = [&](std::string name, const Value& entry, const std::string& path) {
    EventStreamConfig s = base;
    s.stream = std::move(name);
    EventStreamConfig own;
    readStreamSettings(r, entry, path, own);
    if (own.destinationEventService) s.destinationEventService = own.destinationEventService;
    if (own.producerEnabled) s.producerEnabled = own.producerEnabled;
    if (own.producerEventServiceName) s.producerEventServiceName = own.producerEventServiceName;
    if (s.isRegex()) {
      try {
        compileStreamRegex(s.stream);
      } catch (const std::invalid_argument& e) {
        r.fail(path, e.what());
      }
    }
    streams.push_back(std::move(s));
  };
  if (v.IsObject()) {
    r.checkUniqueKeys(v, "EventStreams");
    for (const auto& m : v.GetObject()) {
      std::string name(m.name.GetString(), m.name.GetStringLength());
      std::string path = "EventStreams." + name;
      if (!m.value.IsObject()) r.fail(path, "must be an object, not " + typeName(m.value));
      add(name, m.value, path);
    }
  } else if (v.IsArray()) {
    // A PHP list: each entry names its stream.
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      std::string path = "EventStreams[" + std::to_string(i) + "]";
      if (!v[i].IsObject()) r.fail(path, "must be an object, not " + typeName(v[i]));
      const Value* name = Reader::member(v[i], "stream");
      if (!name) r.fail(key(path, "stream"), "missing (list entries must name their stream)");
      add(r.nonEmptyString(*name, key(path, "stream")), v[i], path);
    }
  } else {
    r.fail("EventStreams", "must be an object or a list, not " + typeName(v));
  }
  return streams;
}

int parseEnable(const Reader& r, const Value& v) {
  try {
    if (v.IsInt64()) return parseEnableEventBus(v.GetInt64());
    if (v.IsString()) return parseEnableEventBus(std::string_view(v.GetString(), v.GetStringLength()));
  } catch (const std::invalid_argument& e) {
    r.fail("EnableEventBus", e.what());
  }
  if (v.IsNull() || v.IsBool()) return TYPE_ALL;  // PHP: neither int nor truthy string
  r.fail("EnableEventBus", "must be a string such as \"TYPE_EVENT|TYPE_JOB\" or an integer mask, not " + typeName(v));
}

OutputProfile parseProfile(const Reader& r, const Value& v, const std::string& path) {
  std::string p = r.string(v, path);
  if (p == "1.39") return OutputProfile::MW139;
  if (p == "master") return OutputProfile::Master;
  r.fail(path, "must be \"1.39\" or \"master\", not '" + p + "'");
}

}  // namespace

std::string_view sourceTypeName(SourceConfig::Type t) {
  switch (t) {
    case SourceConfig::Type::None: return "none";
    case SourceConfig::Type::Udp: return "udp";
    case SourceConfig::Type::Db: return "db";
    case SourceConfig::Type::Replay: return "replay";
  }
  return "?";
}

bool isEventBusRCFeedEngineClass(std::string_view name) { return name == kEngineShort || name == kEngineFull; }
bool isEventBusRCFeedFormatterClass(std::string_view name) { return name == kFormatterShort || name == kFormatterFull; }

const RCFeedConfig* Config::findFeed(std::string_view name) const {
  for (const auto& f : feeds) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Config parseConfig(std::string_view json, const std::string& origin, const std::string& baseDir) {
  Reader r(origin, baseDir);
  rapidjson::Document doc;
  // Iterative: the recursive parser's stack use grows with the nesting.
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    size_t offset = doc.GetErrorOffset();
    size_t line = 1 + static_cast<size_t>(std::count(json.begin(), json.begin() + std::min(offset, json.size()), '\n'));
    throw ConfigError(origin + ": line " + std::to_string(line) + ": not valid JSON: " +
                      rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) throw ConfigError(origin + ": the configuration must be a JSON object");
  r.checkObject(doc, "", {"wiki", "profile", "UseRCPatrol", "UseNPPatrol", "RCFeeds", "EventServices",
                          "EventServiceDefault", "EventStreams", "EventStreamsDefaultSettings", "EnableEventBus",
                          "EventBusStreamNamesMap", "EventBusMaxBatchByteSize", "producer"});

  Config config;
  config.path = origin;
  EventBusConfig& eb = config.eventBus;

  // --- EventBus settings ---
  const Value* services = Reader::member(doc, "EventServices");
  if (!services) r.fail("EventServices", "missing: name at least one event service with a url");
  r.checkUniqueKeys(*services, "EventServices");
  if (services->MemberCount() == 0) r.fail("EventServices", "is empty: name at least one event service with a url");
  for (const auto& m : services->GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    if (name == EventBus::kDisabledName) r.fail("EventServices." + name, "this name is reserved");
    eb.services[name] = parseService(r, name, m.value, "EventServices." + name);
  }
  const bool defaultGiven = Reader::member(doc, "EventServiceDefault") != nullptr;
  if (defaultGiven) {
    eb.defaultService = r.nonEmptyString(*Reader::member(doc, "EventServiceDefault"), "EventServiceDefault");
    if (!eb.services.count(eb.defaultService)) {
      r.fail("EventServiceDefault", "no such service in EventServices: '" + eb.defaultService + "'");
    }
  }
  if (auto* m = Reader::member(doc, "EventStreams")) {
    eb.streams = parseStreams(r, *m, Reader::member(doc, "EventStreamsDefaultSettings"));
  } else if (Reader::member(doc, "EventStreamsDefaultSettings")) {
    r.fail("EventStreamsDefaultSettings", "given without EventStreams, so it applies to nothing");
  }
  for (size_t i = 0; i < eb.streams.size(); ++i) {
    const auto& s = eb.streams[i];
    const std::string path = "EventStreams." + s.stream;
    if (s.destinationEventService && !eb.services.count(*s.destinationEventService)) {
      r.fail(path + ".destination_event_service", "no such service in EventServices: '" + *s.destinationEventService + "'");
    }
    if (s.producerEventServiceName && !s.producerEventServiceName->empty() &&
        !eb.services.count(*s.producerEventServiceName)) {
      r.fail(path + ".producers.mediawiki_eventbus.event_service_name",
             "no such service in EventServices: '" + *s.producerEventServiceName + "'");
    }
  }
  if (auto* m = Reader::member(doc, "EnableEventBus")) eb.enableEventBus = parseEnable(r, *m);
  if (auto* m = Reader::member(doc, "EventBusStreamNamesMap")) {
    r.checkUniqueKeys(*m, "EventBusStreamNamesMap");
    for (const auto& e : m->GetObject()) {
      std::string from(e.name.GetString(), e.name.GetStringLength());
      eb.streamNamesMap[from] = r.nonEmptyString(e.value, "EventBusStreamNamesMap." + from);
    }
  }
  if (auto* m = Reader::member(doc, "EventBusMaxBatchByteSize")) {
    eb.producer.maxBatchBytes = static_cast<size_t>(r.integer(*m, "EventBusMaxBatchByteSize", 64, 1LL << 30));
  }
  if (auto* m = Reader::member(doc, "producer")) {
    r.checkObject(*m, "producer",
                  {"max_batch_events", "linger_ms", "connect_timeout_ms", "keepalive_idle_ms", "max_response_bytes"});
    if (auto* v = Reader::member(*m, "max_batch_events")) {
      eb.producer.maxBatchEvents = static_cast<size_t>(r.integer(*v, "producer.max_batch_events", 1, 1000000));
    }
    if (auto* v = Reader::member(*m, "linger_ms")) {
      eb.producer.linger = std::chrono::milliseconds(r.integer(*v, "producer.linger_ms", 0, 60000));
    }
    if (auto* v = Reader::member(*m, "connect_timeout_ms")) {
      eb.producer.connectTimeout = std::chrono::milliseconds(r.integer(*v, "producer.connect_timeout_ms", 1, 600000));
    }
    if (auto* v = Reader::member(*m, "keepalive_idle_ms")) {
      eb.producer.keepAliveIdle = std::chrono::milliseconds(r.integer(*v, "producer.keepalive_idle_ms", 0, 3600000));
    }
    if (auto* v = Reader::member(*m, "max_response_bytes")) {
      eb.producer.maxResponseBytes = static_cast<size_t>(r.integer(*v, "producer.max_response_bytes", 1024, 1LL << 30));
    }
  }

  // --- global wiki settings ---
  std::optional<std::string> globalWiki;
  if (auto* m = Reader::member(doc, "wiki")) globalWiki = r.nonEmptyString(*m, "wiki");
  std::optional<OutputProfile> globalProfile;
  if (auto* m = Reader::member(doc, "profile")) globalProfile = parseProfile(r, *m, "profile");
  bool useRCPatrol = true, useNPPatrol = true;
  if (auto* m = Reader::member(doc, "UseRCPatrol")) useRCPatrol = r.boolean(*m, "UseRCPatrol");
  if (auto* m = Reader::member(doc, "UseNPPatrol")) useNPPatrol = r.boolean(*m, "UseNPPatrol");

  // --- RCFeeds ---
  const Value* feeds = Reader::member(doc, "RCFeeds");
  if (!feeds) r.fail("RCFeeds", "missing: rcfeed needs at least one EventBusRCFeedEngine feed");
  r.checkUniqueKeys(*feeds, "RCFeeds");
  if (feeds->MemberCount() == 0) r.fail("RCFeeds", "is empty: rcfeed needs at least one EventBusRCFeedEngine feed");
  if (!(eb.enableEventBus & TYPE_EVENT)) {
    r.fail("EnableEventBus", std::string(Reader::member(doc, "EnableEventBus") ? "is " : "is missing, so it is ") +
                                 eventTypeNames(eb.enableEventBus) +
                                 " and no RCFeeds entry could send; set it to TYPE_EVENT (or TYPE_ALL)");
  }
  EventBusFactory factory(eb);  // for resolving streams; opens no connection
  std::map<std::string, WikiPtr> wikis;
  for (const auto& m : feeds->GetObject()) {
    RCFeedConfig f;
    f.name.assign(m.name.GetString(), m.name.GetStringLength());
    const std::string path = "RCFeeds." + f.name;
    const Value& v = m.value;
    if (!v.IsObject()) r.fail(path, "must be an object, not " + typeName(v));
    const Value* cls = Reader::member(v, "class");
    if (!cls) {
      r.fail(path + ".class", Reader::member(v, "uri")
                                  ? "missing; rcfeed runs only feeds with class EventBusRCFeedEngine (udp:// and redis:// feeds are MediaWiki's own)"
                                  : "missing; set it to EventBusRCFeedEngine");
    }
    f.className = r.string(*cls, path + ".class");
    if (!isEventBusRCFeedEngineClass(f.className)) {
      r.fail(path + ".class", "'" + f.className + "' is not supported; rcfeed runs " + std::string(kEngineShort) +
                                  " (or " + std::string(kEngineFull) + ")");
    }
    r.checkObject(v, path, {"class", "formatter", "uri", "eventServiceName", "omit_bots", "omit_anon", "omit_user",
                            "omit_minor", "omit_patrolled", "channel", "source", "wiki", "profile", "dead_letter", "pages", "assume_pages",
                            "retry_initial_ms", "retry_max_ms", "max_attempts", "poison_attempts"});
    f.formatterName = std::string(kFormatterShort);
    if (auto* x = Reader::member(v, "formatter")) {
      f.formatterName = r.string(*x, path + ".formatter");
      if (!isEventBusRCFeedFormatterClass(f.formatterName)) {
        r.fail(path + ".formatter", "'" + f.formatterName + "' is not supported; EventBusRCFeedEngine feeds use " +
                                        std::string(kFormatterShort) + " (or " + std::string(kFormatterFull) + ")");
      }
    }
    if (auto* x = Reader::member(v, "uri")) f.uri = r.string(*x, path + ".uri");
    if (auto* x = Reader::member(v, "eventServiceName")) {
      f.eventServiceName = r.nonEmptyString(*x, path + ".eventServiceName");
      if (!eb.services.count(*f.eventServiceName)) {
        r.fail(path + ".eventServiceName", "no such service in EventServices: '" + *f.eventServiceName + "'");
      }
    }
    if (auto* x = Reader::member(v, "omit_bots")) f.omitBots = r.boolean(*x, path + ".omit_bots");
    if (auto* x = Reader::member(v, "omit_anon")) f.omitAnon = r.boolean(*x, path + ".omit_anon");
    if (auto* x = Reader::member(v, "omit_user")) f.omitUser = r.boolean(*x, path + ".omit_user");
    if (auto* x = Reader::member(v, "omit_minor")) f.omitMinor = r.boolean(*x, path + ".omit_minor");
    if (auto* x = Reader::member(v, "omit_patrolled")) f.omitPatrolled = r.boolean(*x, path + ".omit_patrolled");
    if (f.omitAnon && f.omitUser) r.fail(path + ".omit_user", "omit_anon and omit_user together drop every change");
    if (auto* x = Reader::member(v, "channel"); x && !x->IsNull()) {
      if (!jsonDepthWithin(*x)) r.fail(path + ".channel", "nested deeper than " + std::to_string(kMaxPhpValueDepth) + " levels");
      f.channel = PhpValue::fromJson(*x);
    }
    if (auto* x = Reader::member(v, "source")) f.source = parseSource(r, *x, path + ".source");
    f.pages = parsePages(r, v, f.source, path);
    if (auto* x = Reader::member(v, "dead_letter")) f.deadLetterPath = r.resolvePath(r.nonEmptyString(*x, path + ".dead_letter"));
    if (auto* x = Reader::member(v, "retry_initial_ms")) {
      f.retry.initial = std::chrono::milliseconds(r.integer(*x, path + ".retry_initial_ms", 1, 3600000));
    }
    if (auto* x = Reader::member(v, "retry_max_ms")) {
      f.retry.max = std::chrono::milliseconds(r.integer(*x, path + ".retry_max_ms", 1, 86400000));
    }
    if (f.retry.initial > f.retry.max) r.fail(path + ".retry_max_ms", "is smaller than retry_initial_ms");
    if (auto* x = Reader::member(v, "max_attempts")) {
      f.retry.maxAttempts = static_cast<uint32_t>(r.integer(*x, path + ".max_attempts", 0, 1000000));
    }
    if (auto* x = Reader::member(v, "poison_attempts")) {
      f.retry.poisonAttempts = static_cast<uint32_t>(r.integer(*x, path + ".poison_attempts", 0, 1000000));
    }

    // The wiki: the feed's own, else the global one.
    std::string wikiKey = path + ".wiki";
    std::optional<std::string> wikiFile;
    if (auto* x = Reader::member(v, "wiki")) wikiFile = r.nonEmptyString(*x, wikiKey);
    else if (globalWiki) {
      wikiFile = globalWiki;
      wikiKey = "wiki";
    }
    if (!wikiFile) r.fail(wikiKey, "missing: give \"wiki\" (the wiki's siteinfo JSON) at the top or in the feed");
    f.wikiPath = r.resolvePath(*wikiFile);
    if (auto it = wikis.find(f.wikiPath); it != wikis.end()) {
      f.wiki = it->second;
    } else {
      try {
        f.wiki = wikis[f.wikiPath] = Wiki::fromFile(f.wikiPath);
        // The formatter compiles it when the feed starts; a bad one is a
        // configuration error now, not a failure then.
        LinkTrail linkTrail(f.wiki->linktrail);
      } catch (const std::exception& e) {
        r.fail(wikiKey, e.what());
      }
    }
    f.profile = profileForVersion(f.wiki->version);
    if (globalProfile) f.profile = *globalProfile;
    if (auto* x = Reader::member(v, "profile")) f.profile = parseProfile(r, *x, path + ".profile");
    f.useRCPatrol = useRCPatrol;
    f.useNPPatrol = useNPPatrol;

    // Where its events go (EventBusRCFeedEngine, with eventServiceName honoured).
    const std::string stream(EventBusRCFeedFormatter::kStream);
    if (f.eventServiceName) {
      f.eventService = *f.eventServiceName;
    } else {
      f.eventService = factory.getEventServiceNameForStream(stream);
      const EventStreamConfig* sc = factory.findStreamConfig(stream);
      if (f.eventService == EventBus::kDisabledName) {
        r.fail("EventStreams." + sc->stream + ".producers.mediawiki_eventbus.enabled",
               "disables " + stream + ", which RCFeeds." + f.name + " produces");
      }
      if (!eb.services.count(f.eventService)) {
        // Only the default can be missing here; named ones were checked above.
        r.fail(defaultGiven ? "EventServiceDefault" : "EventServices",
               "RCFeeds." + f.name + " sends to the default event service '" + f.eventService +
                   "', which is not in EventServices (set EventServiceDefault or the feed's eventServiceName)");
      }
    }
    config.feeds.push_back(std::move(f));
  }
  return config;
}

Config loadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open the configuration file");
  std::stringstream ss;
  ss << in.rdbuf();
  fs::path base = fs::path(path).parent_path();
  if (base.empty()) base = ".";
  return parseConfig(ss.str(), path, base.string());
}

}  // namespace rcfeed
