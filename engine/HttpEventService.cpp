#include "engine/HttpEventService.h"

#include <algorithm>
#include <stdexcept>

#include <csignal>
#include <mutex>

#include <openssl/ssl.h>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include "rcfeed/Log.h"

namespace rcfeed {
namespace {

Poco::Timespan span(std::chrono::milliseconds ms) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000); }

Poco::Net::Context::Ptr makeTlsContext(const TlsSettings& tls, const std::string& serviceName) {
  using Poco::Net::Context;
  Context::Params params;
  params.caLocation = !tls.caFile.empty() ? tls.caFile : tls.caDir;
  // STRICT, not RELAXED: Poco skips the host name check for loopback
  // addresses under RELAXED; a client gets the same chain check with both.
  params.verificationMode = tls.verify ? Context::VERIFY_STRICT : Context::VERIFY_NONE;
  params.loadDefaultCAs = true;
  Context::Ptr ctx;
  try {
    ctx = new Context(Context::TLS_CLIENT_USE, params);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("EventServices." + serviceName + ": cannot set up TLS: " + e.displayText());
  }
  if (!tls.caFile.empty() && !tls.caDir.empty() &&
      SSL_CTX_load_verify_locations(ctx->sslContext(), nullptr, tls.caDir.c_str()) != 1) {
    throw std::invalid_argument("EventServices." + serviceName + ".ca_dir: cannot load " + tls.caDir);
  }
  if (tls.verify) {
    ctx->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
  } else {
    ctx->enableExtendedCertificateVerification(false);
  }
  return ctx;
}

bool isStaleConnectionError(const Poco::Exception& e) {
  return dynamic_cast<const Poco::Net::NoMessageException*>(&e) != nullptr ||
         dynamic_cast<const Poco::Net::ConnectionResetException*>(&e) != nullptr ||
         dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&e) != nullptr;
}

std::string describe(const Poco::Exception& e) {
  if (dynamic_cast<const Poco::TimeoutException*>(&e)) return "timed out: " + e.displayText();
  if (dynamic_cast<const Poco::Net::NoMessageException*>(&e)) return "connection closed without an answer";
  if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e)) return "connection refused: " + e.displayText();
  return e.displayText();
}

// Poco writes to sockets without MSG_NOSIGNAL on Linux, so a service that
// closes the connection while a body is being sent would kill the process
// with SIGPIPE instead of failing the write. Ignore it unless the program
// installed a handler of its own.
void ignoreSigpipe() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) std::signal(SIGPIPE, SIG_IGN);
  });
}

}  // namespace

HttpEventService::HttpEventService(const EventServiceConfig& service, const ProducerSettings& settings)
    : service_(service), settings_(settings) {
  ignoreSigpipe();
  Poco::URI uri;
  try {
    uri = Poco::URI(service.url);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("EventServices." + service.name + ".url: " + e.displayText());
  }
  if (uri.getHost().empty()) throw std::invalid_argument("EventServices." + service.name + ".url: no host in " + service.url);
  pathAndQuery_ = uri.getPathAndQuery();
  // push_back, not = "/": GCC 12 at -O3 warns -Wrestrict on the literal assignment (a false positive).
  if (pathAndQuery_.empty()) pathAndQuery_.push_back('/');
  if (uri.getScheme() == "https") {
    session_ = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                               makeTlsContext(service.tls, service.name));
    if (!service.tls.verify) {
      log(LogLevel::Warn, "TLS certificate verification is off (tls_verify: false)",
          {{"event_service", service.name}});
    }
  } else if (uri.getScheme() == "http") {
    session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  } else {
    throw std::invalid_argument("EventServices." + service.name + ".url: scheme must be http, https or file, not '" +
                                uri.getScheme() + "'");
  }
  session_->setKeepAlive(true);
  session_->setKeepAliveTimeout(span(settings.keepAliveIdle));
  session_->setTimeout(span(std::min(settings.connectTimeout, service.timeout)), span(service.timeout),
                       span(service.timeout));
}

HttpEventService::~HttpEventService() = default;

void HttpEventService::resetSession() {
  session_->reset();
  used_ = false;
}

HttpAnswer HttpEventService::attempt(const std::string& body, bool& sentOnReusedConnection) {
  HttpAnswer answer;
  sentOnReusedConnection = used_ && session_->connected();
  try {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, pathAndQuery_, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.set("User-Agent", "rcfeed/" RCFEED_VERSION);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    request.setKeepAlive(true);
    std::ostream& out = session_->sendRequest(request);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    used_ = true;
    Poco::Net::HTTPResponse response;
    std::istream& in = session_->receiveResponse(response);
    answer.status = static_cast<int>(response.getStatus());
    answer.reasonPhrase = response.getReason();
    char buf[16384];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      size_t room = settings_.maxResponseBytes - std::min(settings_.maxResponseBytes, answer.body.size());
      answer.body.append(buf, std::min(room, static_cast<size_t>(in.gcount())));
      if (room < static_cast<size_t>(in.gcount())) {
        resetSession();  // the rest is not read, so the connection cannot be reused
        break;
      }
    }
    if (!response.getKeepAlive()) resetSession();
  } catch (const Poco::Exception& e) {
    resetSession();
    answer = HttpAnswer();
    answer.transportError = describe(e);
    if (!isStaleConnectionError(e)) sentOnReusedConnection = false;
  } catch (const std::exception& e) {
    resetSession();
    answer = HttpAnswer();
    answer.transportError = e.what();
    sentOnReusedConnection = false;
  }
  return answer;
}

HttpAnswer HttpEventService::post(const std::string& body) {
  bool reused = false;
  HttpAnswer answer = attempt(body, reused);
  // A kept-alive connection the service closed while idle fails on first
  // use; that is not the service's answer, so try once on a fresh one.
  if (answer.status == 0 && reused) answer = attempt(body, reused);
  return answer;
}

}  // namespace rcfeed
