// The EventBus producer against a real HTTP server on loopback.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>

#include "EventGateStub.h"
#include "TempDir.h"
#include "engine/BatchPacker.h"
#include "engine/EventBus.h"
#include "engine/EventGateResponse.h"

namespace rcfeed {
namespace {

// A serialised event of exactly `bytes` bytes with meta.id "id-<n>".
std::string eventOfSize(int n, size_t bytes) {
  std::string head = "{\"$schema\":\"/test/1.0.0\",\"meta\":{\"id\":\"id-" + std::to_string(n) +
                     "\",\"stream\":\"test\"},\"pad\":\"";
  std::string tail = "\"}";
  EXPECT_GT(bytes, head.size() + tail.size());
  return head + std::string(bytes - head.size() - tail.size(), 'x') + tail;
}

std::vector<std::string> someEvents(int count, size_t bytes = 100) {
  std::vector<std::string> v;
  for (int i = 0; i < count; ++i) v.push_back(eventOfSize(i, bytes));
  return v;
}

EventServiceConfig service(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  EventServiceConfig s;
  s.name = "test-service";
  s.url = url;
  s.timeout = timeout;
  return s;
}

std::vector<DeliveryStatus> statuses(const std::vector<DeliveryReport>& reports) {
  std::vector<DeliveryStatus> s;
  for (const auto& r : reports) s.push_back(r.status);
  return s;
}

using S = DeliveryStatus;

TEST(EventBusHttp, Answer201AcceptsEveryEventInOneRequest) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/201")), ProducerSettings(), TYPE_EVENT);
  auto events = someEvents(3);
  auto reports = bus.send(events);
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Accepted, S::Accepted, S::Accepted}));
  EXPECT_EQ(reports[0].httpStatus, 201);
  auto seen = stub.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].contentType, "application/json");
  EXPECT_EQ(seen[0].userAgent, "rcfeed/" RCFEED_VERSION);
  EXPECT_EQ(seen[0].body, "[" + events[0] + "," + events[1] + "," + events[2] + "]");
}

TEST(EventBusHttp, Answer202IsAcceptedHastily) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/202")), ProducerSettings(), TYPE_EVENT);
  EXPECT_EQ(statuses(bus.send(someEvents(2))), (std::vector<S>{S::AcceptedHasty, S::AcceptedHasty}));
}

TEST(EventBusHttp, Answer207MatchesInvalidAndErrorEntriesByMetaId) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/207")), ProducerSettings(), TYPE_EVENT);
  auto reports = bus.send(someEvents(4));
  // The stub lists event 1 as invalid and event 0 as error.
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Rejected, S::Accepted, S::Accepted}));
  EXPECT_NE(reports[1].reason.find("must have required property 1"), std::string::npos) << reports[1].reason;
  EXPECT_NE(reports[0].reason.find("kafka write failed 0"), std::string::npos) << reports[0].reason;
  EXPECT_EQ(reports[0].httpStatus, 207);
}

TEST(EventBusHttp, OnlyFailuresNamingTheEventAreEventSpecific) {
  test::EventGateStub stub;
  // eventSpecific of each report for `count` events sent to `url`.
  auto specific = [](const std::string& url, int count) {
    std::vector<bool> out;
    for (const auto& r : EventBus(service(url), ProducerSettings(), TYPE_EVENT).send(someEvents(count)))
      out.push_back(r.eventSpecific);
    return out;
  };
  // Listed under `error` (event 0 of a 207, all but the first of a 500), or
  // a bare 500 to a one-event request: the event is named.
  EXPECT_EQ(specific(stub.url("/207"), 3), (std::vector<bool>{true, false, false}));
  EXPECT_EQ(specific(stub.url("/500"), 3), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(specific(stub.url("/500-garbled"), 1), (std::vector<bool>{true}));
  // A bare 500 to several events, a 503, a refused connection: outages.
  EXPECT_EQ(specific(stub.url("/500-garbled"), 2), (std::vector<bool>{false, false}));
  EXPECT_EQ(specific(stub.url("/503-then-201/9"), 1), (std::vector<bool>{false}));
  EXPECT_EQ(specific("http://127.0.0.1:" + std::to_string(test::refusedPort()) + "/v1/events", 1),
            (std::vector<bool>{false}));
}

TEST(EventBusHttp, Answer400RejectsTheListedEvents) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/400")), ProducerSettings(), TYPE_EVENT);
  auto reports = bus.send(someEvents(2));
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Rejected, S::Rejected}));
  EXPECT_NE(reports[1].reason.find("invalid"), std::string::npos);
  EXPECT_NE(reports[1].reason.find("must have required property 1"), std::string::npos);
}

TEST(EventBusHttp, Answer500RejectsInvalidAndFailsTheRest) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/500")), ProducerSettings(), TYPE_EVENT);
  EXPECT_EQ(statuses(bus.send(someEvents(3))), (std::vector<S>{S::Rejected, S::Failed, S::Failed}));
}

TEST(EventBusHttp, Answer500WithUnreadableBodyFailsEverything) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/500-garbled")), ProducerSettings(), TYPE_EVENT);
  auto reports = bus.send(someEvents(2));
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Failed}));
  EXPECT_NE(reports[0].reason.find("500"), std::string::npos);
}

TEST(EventBusHttp, TimeoutIsAFailureNotASuccess) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/slow"), std::chrono::milliseconds(100)), ProducerSettings(), TYPE_EVENT);
  auto reports = bus.send(someEvents(2));
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Failed}));
  EXPECT_EQ(reports[0].httpStatus, 0);
  EXPECT_NE(reports[0].reason.find("timed out"), std::string::npos) << reports[0].reason;
}

TEST(EventBusHttp, ConnectionClosedWithoutAnswerIsAFailure) {
  test::HangUpServer server;
  EventBus bus(service(server.url()), ProducerSettings(), TYPE_EVENT);
  auto reports = bus.send(someEvents(2));
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Failed}));
  EXPECT_FALSE(reports[0].reason.empty());
  EXPECT_GE(server.accepted(), 1);
}

TEST(EventBusHttp, ConnectionRefusedIsAFailure) {
  const uint16_t port = test::refusedPort();
  EventBus bus(service("http://127.0.0.1:" + std::to_string(port) + "/v1/events"), ProducerSettings(), TYPE_EVENT);
  auto reports = bus.send(someEvents(1));
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed}));
  EXPECT_NE(reports[0].reason.find("refused"), std::string::npos) << reports[0].reason;
}

TEST(EventBusHttp, PacksFiveEventsOf132BytesIntoThreeBodiesUnder300) {
  test::EventGateStub stub;
  ProducerSettings settings;
  settings.maxBatchBytes = 300;
  EventBus bus(service(stub.url("/201")), settings, TYPE_EVENT);
  auto events = someEvents(5, 132);
  auto reports = bus.send(events);
  EXPECT_EQ(statuses(reports), std::vector<S>(5, S::Accepted));
  auto seen = stub.requests();
  ASSERT_EQ(seen.size(), 3u);  // PHP's arithmetic split sends 5
  std::vector<std::string> arrived;
  for (const auto& r : seen) {
    EXPECT_LE(r.body.size(), 300u);
    arrived.insert(arrived.end(), r.metaIds.begin(), r.metaIds.end());
  }
  EXPECT_EQ(arrived, (std::vector<std::string>{"id-0", "id-1", "id-2", "id-3", "id-4"}));
}

TEST(EventBusHttp, OversizeEventIsRejectedAndTheOthersAreSent) {
  test::EventGateStub stub;
  ProducerSettings settings;
  settings.maxBatchBytes = 300;
  EventBus bus(service(stub.url("/201")), settings, TYPE_EVENT);
  std::vector<std::string> events = {eventOfSize(0, 100), eventOfSize(1, 400), eventOfSize(2, 100)};
  auto reports = bus.send(events);
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Accepted, S::Rejected, S::Accepted}));
  EXPECT_NE(reports[1].reason.find("too large"), std::string::npos);
  std::set<std::string> arrived;
  for (const auto& r : stub.requests()) arrived.insert(r.metaIds.begin(), r.metaIds.end());
  EXPECT_EQ(arrived, (std::set<std::string>{"id-0", "id-2"}));
}

TEST(EventBusHttp, MaxBatchEventsLimitsEventsPerRequest) {
  test::EventGateStub stub;
  ProducerSettings settings;
  settings.maxBatchEvents = 2;
  EventBus bus(service(stub.url("/201")), settings, TYPE_EVENT);
  bus.send(someEvents(5));
  EXPECT_EQ(stub.requestCount(), 3u);
  EXPECT_EQ(bus.requestsSent(), 3u);
}

TEST(EventBusHttp, KeepsOneConnectionAcrossSends) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/201")), ProducerSettings(), TYPE_EVENT);
  for (int i = 0; i < 3; ++i) bus.send(someEvents(1));
  std::set<uint16_t> ports;
  for (const auto& r : stub.requests()) ports.insert(r.clientPort);
  EXPECT_EQ(stub.requestCount(), 3u);
  EXPECT_EQ(ports.size(), 1u);
}

TEST(EventBus, TypeNotEnabledIsRejectedWithoutARequest) {
  test::EventGateStub stub;
  EventBus bus(service(stub.url("/201")), ProducerSettings(), TYPE_JOB);
  auto reports = bus.send(someEvents(2), TYPE_EVENT);
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Rejected, S::Rejected}));
  EXPECT_NE(reports[0].reason.find("Events of type '1' are not enqueueable"), std::string::npos);
  EXPECT_EQ(stub.requestCount(), 0u);
}

TEST(EventBus, DisabledInstanceSendsNothing) {
  auto bus = EventBus::makeDisabled();
  EXPECT_EQ(bus->name(), "_disabled_eventbus_");
  EXPECT_EQ(statuses(bus->send(someEvents(1))), (std::vector<S>{S::Rejected}));
}

TEST(EventBus, FileServiceAppendsOneLinePerEvent) {
  test::TempDir dir;
  const std::string path = dir.path() + "/events.jsonl";
  EventBus bus(service("file://" + path), ProducerSettings(), TYPE_EVENT);
  auto events = someEvents(3);
  EXPECT_EQ(statuses(bus.send(events)), std::vector<S>(3, S::Accepted));
  EXPECT_EQ(statuses(bus.send({events[0]})), std::vector<S>(1, S::Accepted));
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  EXPECT_EQ(lines, (std::vector<std::string>{events[0], events[1], events[2], events[0]}));
}

TEST(EventBus, UnsupportedUrlSchemeIsRefusedAtConstruction) {
  try {
    EventBus bus(service("ftp://127.0.0.1/x"), ProducerSettings(), TYPE_EVENT);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("EventServices.test-service.url"), std::string::npos) << e.what();
  }
}

TEST(BatchPacker, PacksGreedilyInInputOrder) {
  std::vector<std::string> events = {"{\"a\":1}", "{\"b\":22}", "{\"c\":333}"};
  // [{"a":1},{"b":22}] is 18 bytes; adding the third needs 29.
  auto packed = packBatches(events, 18, 100);
  ASSERT_EQ(packed.batches.size(), 2u);
  EXPECT_EQ(packed.batches[0].body, "[{\"a\":1},{\"b\":22}]");
  EXPECT_EQ(packed.batches[1].body, "[{\"c\":333}]");
  EXPECT_TRUE(packed.oversize.empty());
}

TEST(BatchPacker, EventLargerThanABodyIsSetAside) {
  std::vector<std::string> events = {"{\"a\":1}", std::string(20, 'x'), "{\"c\":3}"};
  auto packed = packBatches(events, 20, 100);
  EXPECT_EQ(packed.oversize, (std::vector<size_t>{1}));
  ASSERT_EQ(packed.batches.size(), 1u);
  EXPECT_EQ(packed.batches[0].members, (std::vector<size_t>{0, 2}));
}

TEST(EventGateAnswer, EntriesWithoutMetaIdFallBackToPosition) {
  HttpAnswer a;
  a.status = 400;
  a.body = R"({"invalid":[{"status":400,"event":{"x":1},"context":"no meta"}]})";
  std::vector<std::string_view> events = {"{\"x\":1}", "{\"x\":2}"};
  auto reports = interpretEventGateAnswer(a, events);
  EXPECT_EQ(reports[0].status, S::Rejected);
  EXPECT_NE(reports[0].reason.find("no meta"), std::string::npos);
  // Not listed, but a 400 refuses the whole request.
  EXPECT_EQ(reports[1].status, S::Rejected);
}

TEST(EventGateAnswer, EveryEventOfABatchUnderErrorIsAnOutageNotPoison) {
  // EventGate whose Kafka is down lists every event under `error`.
  HttpAnswer a;
  a.status = 500;
  a.body = R"({"invalid":[],"error":[{"status":500,"event":{"x":1},"context":"Local: Broker transport failure"},
                                     {"status":500,"event":{"x":2},"context":"Local: Broker transport failure"}]})";
  auto reports = interpretEventGateAnswer(a, {"{\"x\":1}", "{\"x\":2}"});
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Failed}));
  EXPECT_FALSE(reports[0].eventSpecific);
  EXPECT_FALSE(reports[1].eventSpecific);
  // One of two under `error`, the other accepted: that one is named.
  a.status = 207;
  a.body = R"({"invalid":[],"error":[{"status":500,"event":{"x":2},"context":"schema not found"}]})";
  reports = interpretEventGateAnswer(a, {"{\"x\":1}", "{\"x\":2}"});
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Accepted}));
  EXPECT_TRUE(reports[0].eventSpecific);
}

TEST(EventGateAnswer, Unreadable207FailsEveryEvent) {
  HttpAnswer a;
  a.status = 207;
  a.body = "not json";
  auto reports = interpretEventGateAnswer(a, {"{}", "{}"});
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Failed, S::Failed}));
}

TEST(EventGateAnswer, ContextNestedAMillionLevelsDeepIsReadInBoundedStack) {
  HttpAnswer a;
  a.status = 207;
  a.body = "{\"invalid\":[{\"context\":" + std::string(1000000, '[') + std::string(1000000, ']') + "}]}";
  auto reports = interpretEventGateAnswer(a, {"{}", "{}"});
  EXPECT_EQ(statuses(reports), (std::vector<S>{S::Rejected, S::Accepted}));
  EXPECT_EQ(reports[0].reason, "invalid (HTTP 207): (context nested too deep to show)");
}

TEST(EventGateAnswer, RedirectsAndOther4xxAreRetryable) {
  for (int status : {301, 404, 429}) {
    HttpAnswer a;
    a.status = status;
    EXPECT_EQ(interpretEventGateAnswer(a, {"{}"})[0].status, S::Failed) << status;
  }
  HttpAnswer tooLarge;
  tooLarge.status = 413;
  EXPECT_EQ(interpretEventGateAnswer(tooLarge, {"{}"})[0].status, S::Rejected);
}

}  // namespace
}  // namespace rcfeed
