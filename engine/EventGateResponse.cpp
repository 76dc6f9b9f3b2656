#include "engine/EventGateResponse.h"

#include <algorithm>
#include <optional>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "rcfeed/PhpValue.h"

namespace rcfeed {
namespace {

constexpr size_t kMaxContextBytes = 2000;

std::string httpLabel(const HttpAnswer& a) {
  std::string s = std::to_string(a.status);
  if (!a.reasonPhrase.empty()) s += " " + a.reasonPhrase;
  return s;
}

std::optional<std::string> metaId(const rapidjson::Value& event) {
  if (!event.IsObject()) return std::nullopt;
  auto meta = event.FindMember("meta");
  if (meta == event.MemberEnd() || !meta->value.IsObject()) return std::nullopt;
  auto id = meta->value.FindMember("id");
  if (id == meta->value.MemberEnd() || !id->value.IsString()) return std::nullopt;
  return std::string(id->value.GetString(), id->value.GetStringLength());
}

std::optional<std::string> metaIdOf(std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError()) return std::nullopt;
  return metaId(d);
}

std::string entryReason(std::string_view kind, const rapidjson::Value& entry, const HttpAnswer& a) {
  std::string reason = std::string(kind) + " (HTTP " + httpLabel(a) + ")";
  if (!entry.IsObject()) return reason;
  auto ctx = entry.FindMember("context");
  if (ctx == entry.MemberEnd() || ctx->value.IsNull()) return reason;
  if (ctx->value.IsString()) {
    reason += ": " + std::string(ctx->value.GetString(), ctx->value.GetStringLength());
  } else if (!jsonDepthWithin(ctx->value)) {
    // Writing it back out is recursive.
    reason += ": (context nested too deep to show)";
  } else {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    ctx->value.Accept(w);
    reason += ": ";
    reason.append(buf.GetString(), buf.GetSize());
  }
  if (reason.size() > kMaxContextBytes) {
    reason.resize(kMaxContextBytes);
    reason += "...";
  }
  return reason;
}

void setAll(std::vector<DeliveryReport>& reports, DeliveryStatus status, int http, const std::string& reason) {
  for (auto& r : reports) r = DeliveryReport{status, http, reason};
}

// Applies the `kind` list of `body` to the reports, marking `assigned`.
void applyList(const rapidjson::Value& body, const char* kind, DeliveryStatus status, const HttpAnswer& a,
               const std::vector<std::string_view>& events, std::vector<std::optional<std::string>>& ids,
               std::vector<bool>& assigned, std::vector<DeliveryReport>& reports) {
  auto list = body.FindMember(kind);
  if (list == body.MemberEnd() || !list->value.IsArray()) return;
  for (const auto& entry : list->value.GetArray()) {
    size_t target = events.size();
    std::optional<std::string> id;
    if (entry.IsObject()) {
      auto ev = entry.FindMember("event");
      if (ev != entry.MemberEnd()) id = metaId(ev->value);
    }
    if (id) {
      for (size_t i = 0; i < events.size() && target == events.size(); ++i) {
        if (assigned[i]) continue;
        if (!ids[i]) ids[i] = metaIdOf(events[i]).value_or(std::string());
        if (!ids[i]->empty() && *ids[i] == *id) target = i;
      }
    }
    if (target == events.size()) {
      for (size_t i = 0; i < events.size(); ++i) {
        if (!assigned[i]) {
          target = i;
          break;
        }
      }
    }
    if (target == events.size()) return;  // more entries than events: ignore the rest
    assigned[target] = true;
    reports[target] = DeliveryReport{status, a.status, entryReason(kind, entry, a), status == DeliveryStatus::Failed};
  }
}

}  // namespace

std::vector<DeliveryReport> interpretEventGateAnswer(const HttpAnswer& a,
                                                     const std::vector<std::string_view>& events) {
  std::vector<DeliveryReport> reports(events.size());
  if (a.status == 0) {
    setAll(reports, DeliveryStatus::Failed, 0,
           a.transportError.empty() ? std::string("no answer from the event service") : a.transportError);
    return reports;
  }
  const int s = a.status;
  if (s == 200 || s == 201 || s == 204) {
    setAll(reports, DeliveryStatus::Accepted, s, "");
    return reports;
  }
  if (s == 202) {
    setAll(reports, DeliveryStatus::AcceptedHasty, s, "");
    return reports;
  }
  if (s == 413) {
    setAll(reports, DeliveryStatus::Rejected, s, "HTTP " + httpLabel(a) + ": request body too large for the service");
    return reports;
  }
  if (s != 207 && s != 400 && s < 500) {
    setAll(reports, DeliveryStatus::Failed, s, "HTTP " + httpLabel(a));
    return reports;
  }

  // 207, 400 and 5xx carry lists of events.
  rapidjson::Document body;
  // Iterative: the service's body may nest arbitrarily deep.
  body.Parse<rapidjson::kParseIterativeFlag>(a.body.data(), a.body.size());
  const bool readable = !body.HasParseError() && body.IsObject();
  DeliveryStatus unlisted = s == 207 ? DeliveryStatus::Accepted
                          : s == 400 ? DeliveryStatus::Rejected
                                     : DeliveryStatus::Failed;
  if (!readable) {
    std::string why = "HTTP " + httpLabel(a);
    if (s == 207) {
      why += ": partial success with an unreadable body, so which events arrived is unknown";
      unlisted = DeliveryStatus::Failed;
    }
    setAll(reports, unlisted, s, why);
    if (s == 500 && events.size() == 1) reports[0].eventSpecific = true;
    return reports;
  }
  std::vector<std::optional<std::string>> ids(events.size());
  std::vector<bool> assigned(events.size(), false);
  applyList(body, "invalid", DeliveryStatus::Rejected, a, events, ids, assigned, reports);
  applyList(body, "error", DeliveryStatus::Failed, a, events, ids, assigned, reports);
  for (size_t i = 0; i < events.size(); ++i) {
    if (assigned[i]) continue;
    reports[i] = DeliveryReport{unlisted, s, unlisted == DeliveryStatus::Accepted ? "" : "HTTP " + httpLabel(a),
                                s == 500 && events.size() == 1};
  }
  // Every event of a batch listed under `error` is the intake failing (its
  // Kafka down, say), not each event being bad: an outage, never poison.
  if (events.size() > 1 && std::all_of(reports.begin(), reports.end(), [](const DeliveryReport& r) {
        return r.status == DeliveryStatus::Failed && r.eventSpecific;
      })) {
    for (auto& r : reports) r.eventSpecific = false;
  }
  return reports;
}

}  // namespace rcfeed
