#include "engine/EventBusConfig.h"

#include <stdexcept>

namespace rcfeed {
namespace {

struct TypeName {
  std::string_view name;
  int mask;
};

constexpr TypeName kTypeNames[] = {
    {"TYPE_NONE", TYPE_NONE}, {"TYPE_EVENT", TYPE_EVENT}, {"TYPE_JOB", TYPE_JOB},
    {"TYPE_PURGE", TYPE_PURGE}, {"TYPE_ALL", TYPE_ALL},
};

}  // namespace

int parseEnableEventBus(std::string_view value) {
  if (value.empty() || value == "0") return TYPE_ALL;
  int mask = TYPE_NONE;
  size_t start = 0;
  while (true) {
    size_t bar = value.find('|', start);
    std::string_view token = value.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
    bool known = false;
    for (const auto& t : kTypeNames) {
      if (t.name == token) {
        mask |= t.mask;
        known = true;
        break;
      }
    }
    if (!known) throw std::invalid_argument("EnableEventBus: " + std::string(token) + " not recognized");
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return mask;
}

int parseEnableEventBus(int64_t value) {
  if ((value & TYPE_ALL) != value) {
    throw std::invalid_argument("Invalid $enableEventBus parameter: " + std::to_string(value));
  }
  return static_cast<int>(value);
}

std::string eventTypeNames(int mask) {
  if (mask == TYPE_NONE) return "TYPE_NONE";
  if (mask == TYPE_ALL) return "TYPE_ALL";
  std::string out;
  for (const auto& t : kTypeNames) {
    if (t.mask == TYPE_NONE || t.mask == TYPE_ALL || !(mask & t.mask)) continue;
    if (!out.empty()) out += '|';
    out += t.name;
  }
  return out;
}

std::string EventBusConfig::resolveStreamName(const std::string& stream) const {
  auto it = streamNamesMap.find(stream);
  return it == streamNamesMap.end() ? stream : it->second;
}

}  // namespace rcfeed
