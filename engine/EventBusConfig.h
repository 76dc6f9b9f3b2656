#pragma once
// The EventBus producer's settings, under MediaWiki's names (spec 3.1):
// EventServices, EventServiceDefault, EventStreams, EnableEventBus,
// EventBusStreamNamesMap, EventBusMaxBatchByteSize, plus rcfeed's own
// transport knobs (ProducerSettings). Plain values: the config loader
// (rcfeed/Config.h) fills and checks them; nothing here reads files.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rcfeed {

// EventBus::TYPE_* (spec 3.2): which kinds of sends an EventBus allows.
enum EventType : int {
  TYPE_NONE = 0,
  TYPE_EVENT = 1,
  TYPE_JOB = 2,
  TYPE_PURGE = 4,
  TYPE_ALL = 7,
};

// $wgEnableEventBus given as a string: names joined with '|', no trimming,
// case-sensitive. "" and "0" mean TYPE_ALL, as PHP's falsy test makes them.
// Throws std::invalid_argument("EnableEventBus: <token> not recognized").
int parseEnableEventBus(std::string_view value);
// ... given as an integer: a mask within TYPE_ALL, as [1.39] takes it.
// Throws std::invalid_argument("Invalid $enableEventBus parameter: <v>").
int parseEnableEventBus(int64_t value);
// "TYPE_EVENT|TYPE_JOB" for a mask; "TYPE_NONE" for 0.
std::string eventTypeNames(int mask);

struct TlsSettings {
  // Trusted CA certificates (PEM): a file, a hashed directory, or both;
  // the system's default CAs are trusted as well.
  std::string caFile;
  std::string caDir;
  // Verify the server's certificate chain and host name. Turning this off
  // needs an explicit `tls_verify: false` and is logged as a warning.
  bool verify = true;
};

// One $wgEventServices entry.
struct EventServiceConfig {
  std::string name;
  // http://, https:// (POSTed verbatim, query included, e.g. ?hasty=true) or
  // file:///path.jsonl (each event appended as one line; for local runs).
  std::string url;
  // Request timeout ("timeout", seconds; missing, 0 or null give 10 s).
  std::chrono::milliseconds timeout{10000};
  TlsSettings tls;
};

// One $wgEventStreams entry, reduced to what picks an event service.
struct EventStreamConfig {
  std::string stream;  // the name, or a PCRE regex written "/.../flags"
  std::optional<std::string> destinationEventService;
  // producers.mediawiki_eventbus.enabled; empty when not set (= enabled).
  std::optional<bool> producerEnabled;
  // producers.mediawiki_eventbus.event_service_name; empty when not set.
  std::optional<std::string> producerEventServiceName;

  bool isRegex() const { return !stream.empty() && stream.front() == '/'; }
};

// How an EventBus talks to its service. Every memory bound of a send is
// derived from these; defaults are the values below.
struct ProducerSettings {
  // $wgEventBusMaxBatchByteSize: largest request body (a JSON array).
  size_t maxBatchBytes = 4194304;
  // Most events in one request body.
  size_t maxBatchEvents = 1000;
  // Linger: once a round has its first change, how long the engine goes on
  // collecting more (up to maxBatchEvents) before it sends. Longer gives
  // fewer, larger requests at a low rate of changes, and adds up to this
  // much to each change's latency; at a high rate rounds fill up first.
  std::chrono::milliseconds linger{2};
  // TCP connect timeout (MediaWiki's $wgHTTPConnectTimeout is 5 s); the
  // service's own timeout caps it.
  std::chrono::milliseconds connectTimeout{5000};
  // An idle keep-alive connection older than this is reopened before use,
  // which stays under the 5 s idle timeout of Node-based EventGate.
  std::chrono::milliseconds keepAliveIdle{4000};
  // Largest response body read; a longer answer is cut and the connection closed.
  size_t maxResponseBytes = 8 * 1024 * 1024;
};

struct EventBusConfig {
  std::map<std::string, EventServiceConfig> services;  // $wgEventServices
  std::string defaultService = "eventbus";               // $wgEventServiceDefault
  std::vector<EventStreamConfig> streams;                // $wgEventStreams, config order
  int enableEventBus = TYPE_NONE;                        // $wgEnableEventBus (parsed)
  std::map<std::string, std::string> streamNamesMap;     // $wgEventBusStreamNamesMap
  ProducerSettings producer;

  // StreamNameMapper::resolve (spec 3.5). The RC feed does not use it: it
  // always produces to mediawiki.recentchange.
  std::string resolveStreamName(const std::string& stream) const;
};

}  // namespace rcfeed
