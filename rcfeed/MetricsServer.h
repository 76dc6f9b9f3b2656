#pragma once
// MetricsServer: the daemon's HTTP endpoint for monitoring.
//   GET /metrics  Prometheus text format (version 0.0.4)
//   GET /healthz  200 "ok" when every feed delivers, else 503 with one line
//                 per feed saying what it is doing
// It binds loopback unless told otherwise, serves nothing else, and holds no
// secrets: the texts come from the callbacks, which never include a DSN's
// credentials.
//
// Threading: the callbacks run on Poco's server threads; they must be
// thread-safe. Failure: the constructor throws std::runtime_error when the
// address is bad or cannot be bound.

#include <Poco/ThreadPool.h>

#include <functional>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPServer;
}

namespace rcfeed {

class MetricsServer {
 public:
  struct Health {
    bool ok = true;
    std::string text;
  };
  using MetricsFn = std::function<std::string()>;
  using HealthFn = std::function<Health()>;

  // `listen` is "HOST:PORT" ("127.0.0.1:9391", "[::1]:9391"; port 0 picks one).
  MetricsServer(const std::string& listen, MetricsFn metrics, HealthFn health);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  uint16_t port() const { return port_; }

 private:
  Poco::ThreadPool pool_{1, 2};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  uint16_t port_ = 0;
};

}  // namespace rcfeed
