#include "engine/DeliveryReport.h"

namespace rcfeed {

std::string_view deliveryStatusName(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::Accepted: return "accepted";
    case DeliveryStatus::AcceptedHasty: return "accepted-hasty";
    case DeliveryStatus::Rejected: return "rejected";
    case DeliveryStatus::Failed: return "failed";
  }
  return "unknown";
}

}  // namespace rcfeed
