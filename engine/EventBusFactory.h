#pragma once
// EventBusFactory: the EventBus instance for a service name or a stream
// (spec 3.3, 3.4).
//
// getInstanceForStream(stream) takes MediaWiki 1.39's rules and adds
// master's per-stream producer settings:
//   1. the first EventStreams entry for the stream: an exact key, else the
//      first regex key ("/.../flags", PCRE) that matches, in config order;
//   2. none matches -> EventServiceDefault (1.39; master disables the stream);
//   3. producers.mediawiki_eventbus.enabled false -> the non-producing
//      instance _disabled_eventbus_;
//   4. producers.mediawiki_eventbus.event_service_name if set, else
//      destination_event_service if set, else EventServiceDefault.
// The name then goes through getInstance(), which throws
// std::invalid_argument with MediaWiki's message when the service does not
// exist: "Could not get EventBus instance for event service '<name>'. This
// event service name must exist in EventServices config with a url setting."
//
// Instances are created on first use and live as long as the factory.
// Threading: one thread at a time, since instances own connections; feeds
// that run on threads of their own each get their own factory.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/EventBus.h"
#include "engine/EventBusConfig.h"

namespace Poco {
class RegularExpression;
}

namespace rcfeed {

class EventBusFactory {
 public:
  // Throws std::invalid_argument naming the EventStreams key when a regex
  // key does not compile.
  explicit EventBusFactory(EventBusConfig config);
  ~EventBusFactory();
  EventBusFactory(const EventBusFactory&) = delete;
  EventBusFactory& operator=(const EventBusFactory&) = delete;

  EventBus& getInstance(const std::string& name);
  EventBus& getInstanceForStream(const std::string& stream);
  // Step 1-4 above, without creating the instance.
  std::string getEventServiceNameForStream(const std::string& stream) const;
  // The EventStreams entry that applies to `stream`, or null.
  const EventStreamConfig* findStreamConfig(const std::string& stream) const;

  const EventBusConfig& config() const { return config_; }

 private:
  EventBusConfig config_;
  std::vector<std::unique_ptr<Poco::RegularExpression>> regexes_;  // per stream entry; null for exact keys
  std::map<std::string, std::unique_ptr<EventBus>> instances_;
};

// Compiles a stream key written as a PHP regex ("/^mediawiki\\.job\\..+/i").
// Throws std::invalid_argument saying why.
std::unique_ptr<Poco::RegularExpression> compileStreamRegex(const std::string& key);

}  // namespace rcfeed
