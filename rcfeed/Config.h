#pragma once
// Config: rcfeed's one JSON configuration file, under MediaWiki's setting
// names without the `wg` prefix, read and checked completely before anything
// starts. Nothing else in rcfeed reads raw JSON configuration.
//
//   {
//     "wiki": "siteinfo.json",              // default wiki of every feed
//     "profile": "1.39" | "master",         // default: from the wiki's generator
//     "UseRCPatrol": true, "UseNPPatrol": true,
//     "RCFeeds": { "NAME": { "class": "EventBusRCFeedEngine",
//                            "formatter": "EventBusRCFeedFormatter",
//                            "eventServiceName": "eventgate-main", "omit_bots": true,
//                            "source": { "type": "udp" | "db" | "replay", ... },
//                            "dead_letter": "rejected.jsonl", ... } },
//     "EventServices": { "eventgate-main": { "url": "https://...", "timeout": 5 } },
//     "EventServiceDefault": "eventgate-main",
//     "EventStreams": { ... }, "EventStreamsDefaultSettings": { ... },
//     "EnableEventBus": "TYPE_EVENT",
//     "EventBusStreamNamesMap": { ... }, "EventBusMaxBatchByteSize": 4194304,
//     "producer": { "max_batch_events": 1000, "connect_timeout_ms": 5000,
//                   "keepalive_idle_ms": 4000, "max_response_bytes": 8388608 }
//   }
//
// Every key is listed, with its type, default and meaning, in
// docs/configuration.md.
// Relative paths (wiki, dead_letter, source state/password_file, sqlite dsn)
// are resolved against the config file's folder.
//
// Failure: loadConfig throws ConfigError whose message is
// "<file>: <key path>: <reason>", e.g.
//   rcfeed.json: RCFeeds.main.eventServiceName: no such service in EventServices
// for unknown keys, wrong types, missing services, bad urls, contradictory
// settings and unreadable siteinfo files.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/Backoff.h"
#include "engine/EventBusConfig.h"
#include "formatter/CommentFormatter.h"
#include "rcfeed/PhpValue.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An address range for the UDP allowlist: "127.0.0.1/32", "::1", "10.0.0.0/8".
struct AddressRange {
  std::string address;      // as written, without the prefix length
  unsigned prefixBits = 0;  // 32 or 128 when no "/n" was given
  bool ipv6 = false;
};

// source {"type":"udp", "listen":"127.0.0.1:9390", "allow":[...], "recv_buffer_bytes":N}
struct UdpSourceConfig {
  std::string host = "127.0.0.1";  // "listen" host; IPv6 written "[::1]:9390"
  uint16_t port = 9390;
  std::vector<AddressRange> allow = {{"127.0.0.1", 32, false}, {"::1", 128, true}};
  size_t recvBufferBytes = 8 * 1024 * 1024;  // SO_RCVBUF asked for
  // "spool": the durable spool directory every received datagram is written
  // to before it is handed on; required.
  std::string spoolDir;
  uint64_t spoolMaxBytes = uint64_t{1} << 30;  // "spool_max_bytes"
  // "spool_fsync": "batch" (default: fdatasync before a batch is read),
  // "interval" (at most every second) or "never" (left to the kernel).
  enum class Fsync { Batch, Interval, Never } spoolFsync = Fsync::Batch;
};

// source {"type":"db", "dsn":..., "state":..., "poll_ms":500, "batch":1000,
//         "password_env":"VAR" | "password_file":"/path"}
struct DbSourceConfig {
  enum class Backend { SQLite, MySQL };
  std::string dsn;  // as written (never holds a password)
  Backend backend = Backend::SQLite;
  std::string sqlitePath;  // sqlite:PATH, resolved
  // mysql://user@host:port/database
  std::string user, host, database;
  uint16_t port = 3306;
  std::string passwordEnv;   // name of the environment variable holding the password
  std::string passwordFile;  // file holding the password (resolved); one of the two or neither
  std::string statePath;     // checkpoint file (resolved); required
  std::chrono::milliseconds poll{500};
  size_t batch = 1000;       // rows per query
  std::string tablePrefix;   // "table_prefix": $wgDBprefix
  std::chrono::milliseconds gapGrace{10000};  // "gap_grace_ms": how long a skipped rc_id is looked for
};

// Where parsedcomment learns which pages exist (red links, redirects):
// "pages": {"dsn": ..., "password_env" | "password_file", "table_prefix"},
// or "assume_pages": "exist" | "missing" when no database is at hand. A db
// feed reads its own database unless "pages" says otherwise.
struct PagesConfig {
  std::string dsn;  // "" = no database: assume
  std::string tablePrefix, passwordEnv, passwordFile;
  bool assumeExist = true;
};

struct SourceConfig {
  enum class Type { None, Udp, Db, Replay };
  Type type = Type::None;  // None: the entry has no "source" (usable with `rcfeed replay` only)
  UdpSourceConfig udp;
  DbSourceConfig db;
};

std::string_view sourceTypeName(SourceConfig::Type t);

// One RCFeeds entry; only EventBusRCFeedEngine feeds exist in rcfeed.
struct RCFeedConfig {
  std::string name;
  std::string className;      // as written
  std::string formatterName;  // as written, or EventBusRCFeedFormatter when absent
  std::optional<std::string> uri;  // accepted and unused, as in MediaWiki
  std::optional<std::string> eventServiceName;
  bool omitBots = false, omitAnon = false, omitUser = false, omitMinor = false, omitPatrolled = false;
  std::optional<PhpValue> channel;  // present and not null
  SourceConfig source;
  PagesConfig pages;

  std::string wikiPath;  // resolved siteinfo file
  WikiPtr wiki;
  OutputProfile profile = OutputProfile::MW139;
  bool useRCPatrol = true, useNPPatrol = true;

  std::string deadLetterPath;  // "" = rejected events are only counted and logged
  RetrySettings retry;
  // The event service this feed sends to (eventServiceName, else the
  // stream's destination, else EventServiceDefault), checked at load.
  std::string eventService;
};

struct Config {
  std::string path;  // the file, as given
  std::vector<RCFeedConfig> feeds;  // file order
  EventBusConfig eventBus;

  // Null when there is no feed of that name.
  const RCFeedConfig* findFeed(std::string_view name) const;
};

// Reads and checks `path`. Throws ConfigError (see above).
Config loadConfig(const std::string& path);
// The same for text already read; `origin` names it in errors and
// `baseDir` resolves relative paths.
Config parseConfig(std::string_view json, const std::string& origin, const std::string& baseDir);

// EventBusRCFeedEngine / EventBusRCFeedFormatter, short or namespaced.
bool isEventBusRCFeedEngineClass(std::string_view name);
bool isEventBusRCFeedFormatterClass(std::string_view name);

}  // namespace rcfeed
