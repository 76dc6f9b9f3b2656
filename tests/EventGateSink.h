#pragma once
// An EventGate on 127.0.0.1 for fault tests of the daemon: it records every
// event it accepts (by change: "rc:<id>", else "log:<log_id>"), and can be
// made to fail the way a real event service fails:
//   - unavailable: every POST answered 503 with an empty body;
//   - closed: no listener at all (connections refused), reopened later on
//     the same port;
//   - a judge: per event, accept it, call it `invalid` (a schema error) or
//     list it under `error` (EventGate's answer for a missing $schema),
//     answered in EventGate's shapes: 201 all accepted, 207 some accepted,
//     400 all invalid, 500 none accepted and some errors.
// Threading: Poco's HTTPServer threads serve; every method may be called
// from any thread.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace rcfeed::test {

class EventGateSink {
 public:
  enum class Verdict { Accept, Invalid, Error };
  using Judge = std::function<Verdict(const std::string& key)>;

  // Listens on `port` (0: an ephemeral one) at once.
  explicit EventGateSink(uint16_t port = 0) : port_(port) { open(); }
  ~EventGateSink() { close(); }
  EventGateSink(const EventGateSink&) = delete;
  EventGateSink& operator=(const EventGateSink&) = delete;

  // Stops listening and drops open connections: clients get refused.
  void close() {
    std::lock_guard<std::mutex> lock(serverMutex_);
    if (!server_) return;
    server_->stopAll(true);
    server_.reset();
    // The listener itself, so that new connections are refused at once.
    socket_.close();
  }
  // Listens again on the same port.
  void open() {
    std::lock_guard<std::mutex> lock(serverMutex_);
    if (server_) return;
    socket_ = Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", port_));
    port_ = socket_.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
    server_->start();
  }

  void setUnavailable(bool on) { unavailable_ = on; }
  void setJudge(Judge judge) {
    std::lock_guard<std::mutex> lock(mutex_);
    judge_ = std::move(judge);
  }

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/events"; }

  // Accepted events per change key, and how often each arrived.
  std::map<std::string, uint32_t> accepted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return accepted_;
  }
  size_t distinctAccepted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return accepted_.size();
  }
  size_t acceptedTotal() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return acceptedTotal_;
  }
  size_t requests() const { return requests_; }
  // HTTP status -> how many answers carried it.
  std::map<int, size_t> answers() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return answers_;
  }

 private:
  static std::string serialise(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
  }

  static std::string keyOf(const rapidjson::Value& e) {
    if (!e.IsObject()) return "?";
    auto id = e.FindMember("id");
    if (id != e.MemberEnd() && id->value.IsInt64()) return "rc:" + std::to_string(id->value.GetInt64());
    auto log = e.FindMember("log_id");
    if (log != e.MemberEnd() && log->value.IsInt64()) return "log:" + std::to_string(log->value.GetInt64());
    return "?";
  }

  void handle(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) {
    ++requests_;
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    int status = 201;
    std::string answer;
    if (unavailable_) {
      status = 503;
    } else {
      rapidjson::Document d;
      d.Parse(body.data(), body.size());
      std::string invalid, error;
      size_t taken = 0, total = 0;
      std::lock_guard<std::mutex> lock(mutex_);
      if (!d.HasParseError() && d.IsArray()) {
        for (const auto& e : d.GetArray()) {
          ++total;
          const std::string key = keyOf(e);
          const Verdict v = judge_ ? judge_(key) : Verdict::Accept;
          if (v == Verdict::Accept) {
            ++accepted_[key];
            ++acceptedTotal_;
            ++taken;
            continue;
          }
          std::string& list = v == Verdict::Invalid ? invalid : error;
          if (!list.empty()) list += ",";
          list += v == Verdict::Invalid
                      ? R"({"status":400,"event":)" + serialise(e) +
                            R"(,"context":{"message":"must have required property 'page_title' )" + key + R"("}})"
                      : R"({"status":500,"event":)" + serialise(e) +
                            R"(,"context":"Failed loading schema at /mediawiki/recentchange/9.9.9 for )" + key + "\"}";
        }
      }
      if (taken < total) {
        status = taken > 0 ? 207 : error.empty() ? 400 : 500;
        answer = R"({"invalid":[)" + invalid + R"(],"error":[)" + error + "]}";
      }
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++answers_[status];
    }
    resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    resp.setContentType("application/json");
    resp.setContentLength(static_cast<std::streamsize>(answer.size()));
    resp.send() << answer;
  }

  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(EventGateSink& sink) : sink_(sink) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
      sink_.handle(req, resp);
    }

   private:
    EventGateSink& sink_;
  };

  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(EventGateSink& sink) : sink_(sink) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(sink_);
    }

   private:
    EventGateSink& sink_;
  };

  uint16_t port_;
  std::atomic<bool> unavailable_{false};
  std::atomic<size_t> requests_{0};
  std::mutex serverMutex_;
  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  mutable std::mutex mutex_;
  Judge judge_;
  std::map<std::string, uint32_t> accepted_;
  size_t acceptedTotal_ = 0;
  std::map<int, size_t> answers_;
};

}  // namespace rcfeed::test
