#pragma once
// HttpEventService: POSTs request bodies to one event service over HTTP or
// HTTPS, on one keep-alive connection that is reopened when it breaks or
// has idled longer than ProducerSettings::keepAliveIdle.
//
// HTTPS verifies the certificate chain (system CAs plus the configured CA
// file/dir) and the host name, unless TlsSettings::verify is false.
// Redirects are not followed (a 3xx is an answer like any other).
//
// Timeouts: connecting is bounded by ProducerSettings::connectTimeout (capped
// by the service timeout); sending and each wait for answer bytes by the
// service's timeout.
//
// The first HttpEventService makes the process ignore SIGPIPE (if it had the
// default action), so that a connection the service closes is an error.
//
// Threading: one caller at a time. post() never throws; a failure to get an
// answer comes back as status 0 with transportError set.

#include <memory>
#include <string>

#include "engine/EventBusConfig.h"
#include "engine/EventGateResponse.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace rcfeed {

class HttpEventService {
 public:
  // Throws std::invalid_argument when the url is not http(s) or the TLS
  // settings cannot be loaded (e.g. an unreadable CA file).
  HttpEventService(const EventServiceConfig& service, const ProducerSettings& settings);
  ~HttpEventService();
  HttpEventService(const HttpEventService&) = delete;
  HttpEventService& operator=(const HttpEventService&) = delete;

  HttpAnswer post(const std::string& body);

 private:
  HttpAnswer attempt(const std::string& body, bool& sentOnReusedConnection);
  void resetSession();

  EventServiceConfig service_;
  ProducerSettings settings_;
  std::string pathAndQuery_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
  bool used_ = false;  // the open connection has already carried a request
};

}  // namespace rcfeed
