// EventBus over HTTPS: the certificate chain and host name are verified
// unless verification is turned off explicitly.

#include <gtest/gtest.h>

#include <cstdlib>

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>

#include "EventGateStub.h"
#include "TempDir.h"
#include "engine/EventBus.h"

namespace rcfeed {
namespace {

class ProducerTlsTest : public ::testing::Test {
 protected:
  // A self-signed certificate for `commonName`, made with the openssl tool.
  bool makeCertificate(const std::string& name, const std::string& commonName) {
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=" + commonName + " -keyout " +
                            dir.path() + "/" + name + ".key -out " + dir.path() + "/" + name + ".pem >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
  }

  std::unique_ptr<test::EventGateStub> httpsStub(const std::string& name) {
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, dir.path() + "/" + name + ".key",
                                                         dir.path() + "/" + name + ".pem", "",
                                                         Poco::Net::Context::VERIFY_NONE);
    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, ctx);
    return std::make_unique<test::EventGateStub>(socket, "https");
  }

  DeliveryReport sendOne(const std::string& url, const TlsSettings& tls) {
    EventServiceConfig s;
    s.name = "tls";
    s.url = url;
    s.timeout = std::chrono::seconds(5);
    s.tls = tls;
    EventBus bus(s, ProducerSettings(), TYPE_EVENT);
    return bus.send({R"({"meta":{"id":"a","stream":"s"}})"})[0];
  }

  test::TempDir dir;
};

TEST_F(ProducerTlsTest, UntrustedCertificateIsAFailure) {
  if (!makeCertificate("server", "127.0.0.1")) GTEST_SKIP() << "openssl cannot make a certificate here";
  auto stub = httpsStub("server");
  DeliveryReport r = sendOne(stub->url("/201"), TlsSettings());
  EXPECT_EQ(r.status, DeliveryStatus::Failed) << r.reason;
  EXPECT_NE(r.reason.find("ertificate"), std::string::npos) << r.reason;
  EXPECT_EQ(stub->requestCount(), 0u);
}

TEST_F(ProducerTlsTest, CertificateSignedByTheConfiguredCaIsAccepted) {
  if (!makeCertificate("server", "127.0.0.1")) GTEST_SKIP() << "openssl cannot make a certificate here";
  auto stub = httpsStub("server");
  TlsSettings tls;
  tls.caFile = dir.path() + "/server.pem";
  DeliveryReport r = sendOne(stub->url("/201"), tls);
  EXPECT_EQ(r.status, DeliveryStatus::Accepted) << r.reason;
  EXPECT_EQ(stub->requestCount(), 1u);
}

TEST_F(ProducerTlsTest, CertificateForAnotherHostIsAFailure) {
  if (!makeCertificate("other", "other.example.org")) GTEST_SKIP() << "openssl cannot make a certificate here";
  auto stub = httpsStub("other");
  TlsSettings tls;
  tls.caFile = dir.path() + "/other.pem";
  DeliveryReport r = sendOne(stub->url("/201"), tls);
  EXPECT_EQ(r.status, DeliveryStatus::Failed) << r.reason;
  EXPECT_NE(r.reason.find("ertificate"), std::string::npos) << r.reason;
  EXPECT_EQ(stub->requestCount(), 0u);
}

TEST_F(ProducerTlsTest, VerificationOffAcceptsAnyCertificate) {
  if (!makeCertificate("other", "other.example.org")) GTEST_SKIP() << "openssl cannot make a certificate here";
  auto stub = httpsStub("other");
  TlsSettings tls;
  tls.verify = false;
  DeliveryReport r = sendOne(stub->url("/201"), tls);
  EXPECT_EQ(r.status, DeliveryStatus::Accepted) << r.reason;
}

}  // namespace
}  // namespace rcfeed
