#pragma once
// DeliveryReport: what became of one event handed to EventBus::send.

#include <string>
#include <string_view>

namespace rcfeed {

enum class DeliveryStatus {
  Accepted,       // 200, 201, 204, or not listed in a 207; file:// sinks
  AcceptedHasty,  // 202: EventGate answered before validating (?hasty=true)
  Rejected,       // permanent: EventGate called it invalid (400, or listed as
                  // `invalid` in a 207/500), it is larger than a whole batch
                  // may be, or its type is not enabled. Sending it again
                  // gives the same answer.
  Failed,         // retryable: 5xx, an `error` entry of a 207, 3xx/4xx other
                  // than 400/413, connection refused or reset, timeout, an
                  // answer that cannot be read. It may or may not have arrived.
                  // See eventSpecific for telling a refusal of this one
                  // event from an outage of the service.
};

std::string_view deliveryStatusName(DeliveryStatus s);

struct DeliveryReport {
  DeliveryStatus status = DeliveryStatus::Failed;
  int httpStatus = 0;  // 0 when no HTTP answer was read (or a file:// sink)
  std::string reason;  // empty for accepted events; else why, for logs and dead letters
  // For Failed: the service refused this event in particular, not the whole
  // request: it listed the event under `error` (207, 5xx), or answered 500 to
  // a request that held this event alone. An event refused this way again
  // and again is poison (poison_attempts); any other failure is an outage.
  bool eventSpecific = false;

  bool delivered() const { return status == DeliveryStatus::Accepted || status == DeliveryStatus::AcceptedHasty; }
};

}  // namespace rcfeed
