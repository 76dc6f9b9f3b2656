#pragma once
// Reading EventGate's answer to one POSTed batch into one DeliveryReport per
// event of that batch (spec 3.7 step 9 and EventGate's response shapes).
//
//   200, 201, 204   every event accepted
//   202             every event accepted hastily (not yet validated)
//   207             partial: events listed under `invalid` are rejected,
//                   under `error` failed, the others accepted
//   400             events listed under `invalid` (all, if none are listed) rejected
//   413             every event rejected as too large for the service
//   500..599        events listed under `invalid` rejected, the others failed
//   anything else   every event failed (retryable), reason "<code> <phrase>"
//
// Body: {"invalid":[{"status":..,"event":{..},"context":..}],"error":[...]}.
// An entry is matched to an input event by event.meta.id; entries that
// cannot be matched that way take the first unmatched event in input order.
// A 207 whose body cannot be read fails every event of the batch, since
// which ones arrived is unknown.
// DeliveryReport::eventSpecific is set on failures listed under `error`,
// and on the event of a one-event batch answered 500 without a list entry
// (EventGate's answer when the event's $schema is missing or unloadable);
// not when every event of a larger batch is listed under `error`, which is
// the intake itself failing.

#include <string>
#include <string_view>
#include <vector>

#include "engine/DeliveryReport.h"

namespace rcfeed {

struct HttpAnswer {
  int status = 0;           // 0: no answer was read
  std::string reasonPhrase;
  std::string body;
  std::string transportError;  // why no answer was read (refused, timeout, ...)
};

// `events` are the serialised events of the batch, in body order.
std::vector<DeliveryReport> interpretEventGateAnswer(const HttpAnswer& answer,
                                                     const std::vector<std::string_view>& events);

}  // namespace rcfeed
