#include "engine/EventBusFactory.h"

#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/RegularExpression.h>

namespace rcfeed {

std::unique_ptr<Poco::RegularExpression> compileStreamRegex(const std::string& key) {
  // PHP's delimiters: "/pattern/flags".
  const size_t end = key.rfind('/');
  if (key.size() < 2 || key.front() != '/' || end == 0) {
    throw std::invalid_argument("'" + key + "' starts with '/' but is not a /regex/");
  }
  int options = 0;
  for (char f : key.substr(end + 1)) {
    switch (f) {
      case 'i': options |= Poco::RegularExpression::RE_CASELESS; break;
      case 'm': options |= Poco::RegularExpression::RE_MULTILINE; break;
      case 's': options |= Poco::RegularExpression::RE_DOTALL; break;
      case 'x': options |= Poco::RegularExpression::RE_EXTENDED; break;
      case 'u': options |= Poco::RegularExpression::RE_UTF8; break;
      case 'D': options |= Poco::RegularExpression::RE_DOLLAR_ENDONLY; break;
      case 'U': options |= Poco::RegularExpression::RE_UNGREEDY; break;
      default: throw std::invalid_argument("'" + key + "': unknown regex flag '" + std::string(1, f) + "'");
    }
  }
  try {
    return std::make_unique<Poco::RegularExpression>(key.substr(1, end - 1), options);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("'" + key + "' is not a valid regex: " + e.displayText());
  }
}

EventBusFactory::EventBusFactory(EventBusConfig config) : config_(std::move(config)) {
  for (const auto& s : config_.streams) {
    regexes_.push_back(s.isRegex() ? compileStreamRegex(s.stream) : nullptr);
  }
  instances_[EventBus::kDisabledName] = EventBus::makeDisabled();
}

EventBusFactory::~EventBusFactory() = default;

EventBus& EventBusFactory::getInstance(const std::string& name) {
  if (auto it = instances_.find(name); it != instances_.end()) return *it->second;
  auto svc = config_.services.find(name);
  if (svc == config_.services.end() || svc->second.url.empty()) {
    throw std::invalid_argument("Could not get EventBus instance for event service '" + name +
                                "'. This event service name must exist in EventServices config with a url setting.");
  }
  auto bus = std::make_unique<EventBus>(svc->second, config_.producer, config_.enableEventBus);
  return *(instances_[name] = std::move(bus));
}

const EventStreamConfig* EventBusFactory::findStreamConfig(const std::string& stream) const {
  for (const auto& s : config_.streams) {
    if (s.stream == stream) return &s;
  }
  for (size_t i = 0; i < config_.streams.size(); ++i) {
    // A search, as preg_match does (Poco's match(string) would demand a whole-string match).
    Poco::RegularExpression::Match m;
    if (regexes_[i] && regexes_[i]->match(stream, m) > 0) return &config_.streams[i];
  }
  return nullptr;
}

std::string EventBusFactory::getEventServiceNameForStream(const std::string& stream) const {
  const EventStreamConfig* s = findStreamConfig(stream);
  if (!s) return config_.defaultService;
  if (s->producerEnabled && !*s->producerEnabled) return EventBus::kDisabledName;
  if (s->producerEventServiceName && !s->producerEventServiceName->empty()) return *s->producerEventServiceName;
  if (s->destinationEventService) return *s->destinationEventService;
  return config_.defaultService;
}

EventBus& EventBusFactory::getInstanceForStream(const std::string& stream) {
  return getInstance(getEventServiceNameForStream(stream));
}

}  // namespace rcfeed
