#pragma once
// AddressAllowlist: the senders a listener accepts, as addresses or CIDR
// ranges ("127.0.0.0/8", "::1", "2001:db8::/32", "192.0.2.7").
//
// IPv4 senders seen through a dual-stack IPv6 socket (::ffff:a.b.c.d) are
// matched as the IPv4 address they are. Immutable after construction; safe
// to share between threads.

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

namespace rcfeed {

class AddressAllowlist {
 public:
  // Throws std::invalid_argument naming the entry that is not an address or
  // has a prefix length out of range.
  explicit AddressAllowlist(const std::vector<std::string>& entries);

  bool allows(const Poco::Net::IPAddress& sender) const;

  // The entries as given, comma-separated, for logs.
  const std::string& describe() const { return text_; }

 private:
  struct Range {
    Poco::Net::IPAddress network;
    Poco::Net::IPAddress mask;
  };
  std::vector<Range> ranges_;
  std::string text_;
};

}  // namespace rcfeed
