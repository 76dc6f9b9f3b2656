#pragma once
// UdpSource: receives MediaWiki's UDP RC feed (an RCFeeds entry with
// 'uri' => 'udp://HOST:PORT[/PREFIX]' and 'formatter' => 'JSONRCFeedFormatter').
//
// A reader thread takes datagrams off the socket, drops those from senders
// outside the allowlist and those that are not a readable change (both
// counted; malformed ones logged with their first bytes and sender), and
// appends the JSON line of every other one to a durable Spool before
// anything else sees it. poll() hands changes out of the spool; a change's
// Position is its spool sequence number, and acknowledge() moves the
// spool's durable mark. So a change rcfeed has received survives a crash
// or an outage of the event service; a change UDP lost before rcfeed read
// it does not, and Linux's count of those is kernelDropped.
//
// Threading: as Source. counters() may be called from any thread.
// Failure: the constructor throws std::runtime_error (bad listen address or
// allowlist, bind failure, unusable spool directory); after that, errors
// are logged and counted, never thrown.

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "rcfeed/AddressAllowlist.h"
#include "rcfeed/Source.h"
#include "rcfeed/Spool.h"

namespace rcfeed {

struct UdpSourceOptions {
  std::string listen = "127.0.0.1:9390";                 // "HOST:PORT" or "[IPv6]:PORT"; port 0 picks a free one
  std::vector<std::string> allow = {"127.0.0.0/8", "::1"};
  int receiveBufferBytes = 8 << 20;                      // SO_RCVBUF asked for; the kernel may grant less
  SpoolOptions spool;
};

struct UdpSourceCounters {
  uint64_t received = 0;       // datagrams read from the socket
  uint64_t notAllowed = 0;     // from senders outside the allowlist
  uint64_t malformed = 0;      // not a readable change (including oversize)
  uint64_t replacedUtf8 = 0;   // invalid UTF-8 sequences replaced by U+FFFD
  uint64_t kernelDropped = 0;  // dropped by Linux before rcfeed read them (the socket's sk_drops)
  uint64_t spooled = 0;        // appended to the spool
  uint64_t spoolFullDropped = 0;
  uint64_t spoolWriteDropped = 0;
  uint64_t spoolTornRecords = 0;
  uint64_t spoolCorruptRecords = 0;
  uint64_t spoolBytes = 0;
};

class UdpSource : public Source {
 public:
  explicit UdpSource(UdpSourceOptions options);
  ~UdpSource() override;

  bool poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds wait) override;
  void acknowledge(Position upTo) override;
  // Stops receiving; poll() then hands out what the spool holds and
  // returns false once it is empty.
  void stop() override;
  std::string describe() const override;
  std::vector<SourceMetric> metrics() const override;

  // Where the socket is bound (with the real port when 0 was asked for).
  Poco::Net::SocketAddress address() const { return address_; }
  // SO_RCVBUF as the kernel reports it.
  int receiveBufferBytes() const { return grantedBuffer_; }
  UdpSourceCounters counters() const;

 private:
  void receiveLoop();
  void updateKernelDropped();
  bool bufferCapped() const;

  UdpSourceOptions options_;
  AddressAllowlist allowlist_;
  Poco::Net::DatagramSocket socket_;
  Poco::Net::SocketAddress address_;
  int grantedBuffer_ = 0;
  std::unique_ptr<Spool> spool_;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> notAllowed_{0};
  std::atomic<uint64_t> malformed_{0};
  std::atomic<uint64_t> replacedUtf8_{0};
  std::atomic<uint64_t> kernelDropped_{0};
  std::thread reader_;
};

}  // namespace rcfeed
