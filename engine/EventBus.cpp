#include "engine/EventBus.h"

#include "engine/BatchPacker.h"
#include "engine/EventGateResponse.h"
#include "engine/FileEventService.h"
#include "engine/HttpEventService.h"

namespace rcfeed {

EventBus::EventBus(EventServiceConfig service, ProducerSettings settings, int enabledTypes)
    : service_(std::move(service)), settings_(settings), enabledTypes_(enabledTypes) {
  if (!filePathOfUrl(service_.url).empty()) {
    try {
      file_ = std::make_unique<FileEventService>(service_.url);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("EventServices." + service_.name + ".url: " + e.what());
    }
  } else {
    http_ = std::make_unique<HttpEventService>(service_, settings_);
  }
}

std::unique_ptr<EventBus> EventBus::makeDisabled() {
  std::unique_ptr<EventBus> bus(new EventBus());
  bus->service_.name = kDisabledName;
  bus->service_.url = kDisabledName;
  return bus;
}

EventBus::~EventBus() = default;

std::vector<DeliveryReport> EventBus::send(const std::vector<std::string>& events, int type) {
  std::vector<DeliveryReport> reports(events.size());
  if (!allows(type)) {
    for (auto& r : reports) {
      r.status = DeliveryStatus::Rejected;
      r.reason = "Events of type '" + std::to_string(type) + "' are not enqueueable (EnableEventBus is " +
                 eventTypeNames(enabledTypes_) + ", service " + service_.name + ")";
    }
    return reports;
  }
  PackResult packed = packBatches(events, settings_.maxBatchBytes, settings_.maxBatchEvents);
  for (size_t i : packed.oversize) {
    reports[i].status = DeliveryStatus::Rejected;
    reports[i].reason = "event too large: " + std::to_string(events[i].size()) +
                        " bytes, and a request body may have at most " + std::to_string(settings_.maxBatchBytes) +
                        " (EventBusMaxBatchByteSize)";
  }
  for (const Batch& batch : packed.batches) {
    std::vector<DeliveryReport> answered;
    ++requests_;
    if (file_) {
      answered = file_->append(events, batch.members);
    } else {
      std::vector<std::string_view> members;
      members.reserve(batch.members.size());
      for (size_t i : batch.members) members.emplace_back(events[i]);
      answered = interpretEventGateAnswer(http_->post(batch.body), members);
    }
    for (size_t k = 0; k < batch.members.size(); ++k) reports[batch.members[k]] = std::move(answered[k]);
  }
  return reports;
}

}  // namespace rcfeed
