#pragma once
// EventBus: the producer for one event service ($wgEventServices entry), as
// MediaWiki's EventBus class is (spec 3.7), with delivery reports.
//
// send() takes events that are already serialised (one JSON object each),
// packs them into JSON-array request bodies (BatchPacker), POSTs each body
// with Content-Type: application/json and User-Agent: rcfeed/<version>, and
// returns exactly one DeliveryReport per input event, in input order. Unlike
// EventBus in PHP, a connection failure or a timeout is never reported as
// success, and an event too large for one body is reported as rejected
// rather than sent or thrown on.
//
// A file:///path.jsonl url appends the events to that file instead (see
// FileEventService). The instance named _disabled_eventbus_ accepts nothing.
//
// No retries happen here: the caller decides what to do with Failed events.
//
// Threading: an EventBus owns its connection; use it from one thread at a
// time. send() blocks until every body is answered or has timed out.

#include <memory>
#include <string>
#include <vector>

#include "engine/DeliveryReport.h"
#include "engine/EventBusConfig.h"

namespace rcfeed {

class FileEventService;
class HttpEventService;

class EventBus {
 public:
  static constexpr const char* kDisabledName = "_disabled_eventbus_";

  // `enabledTypes` is the parsed EnableEventBus mask. Throws
  // std::invalid_argument naming the service when the url or TLS settings
  // are unusable.
  EventBus(EventServiceConfig service, ProducerSettings settings, int enabledTypes);
  // The non-producing instance (type mask TYPE_NONE).
  static std::unique_ptr<EventBus> makeDisabled();
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  std::vector<DeliveryReport> send(const std::vector<std::string>& events, int type = TYPE_EVENT);

  bool allows(int type) const { return (enabledTypes_ & type) != 0; }
  const std::string& name() const { return service_.name; }
  const std::string& url() const { return service_.url; }
  // Requests POSTed (or file appends done) so far, for tests and metrics.
  uint64_t requestsSent() const { return requests_; }

 private:
  EventBus() = default;

  EventServiceConfig service_;
  ProducerSettings settings_;
  int enabledTypes_ = TYPE_NONE;
  std::unique_ptr<HttpEventService> http_;
  std::unique_ptr<FileEventService> file_;
  uint64_t requests_ = 0;
};

}  // namespace rcfeed
