#pragma once
// An in-process stand-in for EventGate on 127.0.0.1 (ephemeral port), built
// on Poco's HTTPServer. The path chooses the answer:
//   /201 /202          that status, empty body
//   /207               first event `invalid`, second `error`, listed in
//                      reverse order so that matching must go by meta.id
//   /400               every event `invalid`
//   /500               first event `invalid`, the others `error`
//   /500-garbled       500 with a body that is not JSON
//   /503-then-201/N    503 for the first N requests on this path, then 201
//   /slow              waits 300 ms, then 201
// It records every request: path, headers of interest, body, the events
// (parsed), and the client port (to see connection reuse).
// Plus two helpers: a port that refuses connections, and a server that
// accepts connections and closes them without answering.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace rcfeed::test {

struct SeenRequest {
  std::string path;
  std::string contentType;
  std::string userAgent;
  std::string body;
  std::vector<std::string> events;  // each element of the body array, re-serialised
  std::vector<std::string> metaIds;
  uint16_t clientPort = 0;
};

class EventGateStub {
 public:
  EventGateStub() : EventGateStub(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0))) {}
  // On a socket of the caller's, e.g. a SecureServerSocket for HTTPS.
  explicit EventGateStub(const Poco::Net::ServerSocket& socket, std::string scheme = "http")
      : socket_(socket), scheme_(std::move(scheme)) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), pool_, socket_, params);
    server_->start();
  }
  // Waits for handlers still running (a slow answer the client gave up on),
  // so none outlives the test.
  ~EventGateStub() {
    server_->stopAll(true);
    server_.reset();
    pool_.joinAll();
  }

  std::string url(const std::string& path) const {
    return scheme_ + "://127.0.0.1:" + std::to_string(socket_.address().port()) + path;
  }

  std::vector<SeenRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  size_t requestCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }
  // Every event of every request, in arrival order.
  std::vector<std::string> events() const {
    std::vector<std::string> all;
    for (const auto& r : requests()) all.insert(all.end(), r.events.begin(), r.events.end());
    return all;
  }

 private:
  static std::string serialise(const rapidjson::Value& v) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    v.Accept(w);
    return std::string(buf.GetString(), buf.GetSize());
  }

  static std::string entries(const std::vector<std::string>& events, const std::vector<size_t>& which, int status,
                             const std::string& message) {
    std::string out = "[";
    for (size_t n = 0; n < which.size(); ++n) {
      if (n) out += ",";
      out += "{\"status\":" + std::to_string(status) + ",\"event\":" + events[which[n]] +
             ",\"context\":{\"message\":\"" + message + " " + std::to_string(which[n]) + "\"}}";
    }
    return out + "]";
  }

  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(EventGateStub& stub) : stub_(stub) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
      SeenRequest seen;
      seen.path = req.getURI();
      seen.contentType = req.getContentType();
      seen.userAgent = req.get("User-Agent", "");
      seen.clientPort = req.clientAddress().port();
      Poco::StreamCopier::copyToString(req.stream(), seen.body);
      rapidjson::Document d;
      d.Parse(seen.body.data(), seen.body.size());
      if (!d.HasParseError() && d.IsArray()) {
        for (const auto& e : d.GetArray()) {
          seen.events.push_back(serialise(e));
          std::string id;
          if (e.IsObject() && e.HasMember("meta") && e["meta"].IsObject() && e["meta"].HasMember("id") &&
              e["meta"]["id"].IsString()) {
            id = e["meta"]["id"].GetString();
          }
          seen.metaIds.push_back(id);
        }
      }
      size_t seenOnPath = 0;
      {
        std::lock_guard<std::mutex> lock(stub_.mutex_);
        stub_.requests_.push_back(seen);
        seenOnPath = ++stub_.perPath_[seen.path];
      }
      const auto& ev = seen.events;
      std::vector<size_t> all;
      for (size_t i = 0; i < ev.size(); ++i) all.push_back(i);
      int status = 201;
      std::string body;
      const std::string& p = seen.path;
      if (p == "/202") {
        status = 202;
      } else if (p == "/207") {
        status = 207;
        std::vector<size_t> invalid, error;
        if (ev.size() > 1) invalid.push_back(1);
        if (!ev.empty()) error.push_back(0);
        body = "{\"invalid\":" + entries(ev, invalid, 400, "must have required property") +
               ",\"error\":" + entries(ev, error, 500, "kafka write failed") + "}";
      } else if (p == "/400") {
        status = 400;
        body = "{\"invalid\":" + entries(ev, all, 400, "must have required property") + "}";
      } else if (p == "/500") {
        status = 500;
        std::vector<size_t> rest(all.begin() + (all.empty() ? 0 : 1), all.end());
        body = "{\"invalid\":" + entries(ev, std::vector<size_t>(all.begin(), all.begin() + (all.empty() ? 0 : 1)), 400,
                                         "bad") +
               ",\"error\":" + entries(ev, rest, 500, "kafka write failed") + "}";
      } else if (p == "/500-garbled") {
        status = 500;
        body = "<html>Internal Server Error</html>";
      } else if (p.rfind("/503-then-201/", 0) == 0) {
        status = seenOnPath <= std::stoul(p.substr(14)) ? 503 : 201;
      } else if (p == "/slow") {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
      }
      resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
      resp.setContentType("application/json");
      resp.setContentLength(static_cast<std::streamsize>(body.size()));
      resp.send() << body;
    }

   private:
    EventGateStub& stub_;
  };

  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(EventGateStub& stub) : stub_(stub) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(stub_);
    }

   private:
    EventGateStub& stub_;
  };

  Poco::Net::ServerSocket socket_;
  std::string scheme_;
  Poco::ThreadPool pool_{1, 8};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  mutable std::mutex mutex_;
  std::vector<SeenRequest> requests_;
  std::map<std::string, size_t> perPath_;
};

// A loopback port with nothing listening: binds an ephemeral port and lets it go.
inline uint16_t refusedPort() {
  Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
  uint16_t port = s.address().port();
  s.close();
  return port;
}

// Accepts connections, reads what the client sends, and closes without answering.
class HangUpServer {
 public:
  HangUpServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        if (!socket_.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket conn = socket_.acceptConnection();
        char buf[4096];
        conn.setReceiveTimeout(Poco::Timespan(0, 200000));
        try {
          conn.receiveBytes(buf, sizeof buf);
        } catch (const Poco::Exception&) {
        }
        ++accepted_;
        conn.close();
      }
    });
  }
  ~HangUpServer() {
    stop_ = true;
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/v1/events"; }
  int accepted() const { return accepted_; }

 private:
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace rcfeed::test
