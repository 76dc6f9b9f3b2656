#include "rcfeed/MetricsServer.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <stdexcept>

namespace rcfeed {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(const MetricsServer::MetricsFn& metrics, const MetricsServer::HealthFn& health)
      : metrics_(metrics), health_(health) {}

  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
    std::string body;
    if (req.getMethod() != "GET" && req.getMethod() != "HEAD") {
      resp.setStatusAndReason(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
      body = "only GET\n";
    } else if (req.getURI() == "/metrics") {
      resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
      body = metrics_();
    } else if (req.getURI() == "/healthz") {
      auto h = health_();
      resp.setStatusAndReason(h.ok ? HTTPResponse::HTTP_OK : HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
      resp.setContentType("text/plain; charset=utf-8");
      body = h.text;
    } else {
      resp.setStatusAndReason(HTTPResponse::HTTP_NOT_FOUND);
      body = "try /metrics or /healthz\n";
    }
    resp.setContentLength(static_cast<std::streamsize>(body.size()));
    auto& out = resp.send();
    if (req.getMethod() != "HEAD") out.write(body.data(), static_cast<std::streamsize>(body.size()));
  }

 private:
  const MetricsServer::MetricsFn& metrics_;
  const MetricsServer::HealthFn& health_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(MetricsServer::MetricsFn metrics, MetricsServer::HealthFn health)
      : metrics_(std::move(metrics)), health_(std::move(health)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(metrics_, health_);
  }

 private:
  MetricsServer::MetricsFn metrics_;
  MetricsServer::HealthFn health_;
};

}  // namespace

MetricsServer::MetricsServer(const std::string& listen, MetricsFn metrics, HealthFn health) {
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(listen), 16);
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    params->setMaxQueued(16);
    params->setKeepAlive(false);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(metrics), std::move(health)), pool_,
                                                      socket, params);
    server_->start();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("metrics listener " + listen + ": " + e.displayText());
  }
}

MetricsServer::~MetricsServer() {
  if (server_) server_->stopAll(true);
  server_.reset();
  // No handler may outlive the callbacks it calls.
  pool_.joinAll();
}

}  // namespace rcfeed
