#include "rcfeed/AddressAllowlist.h"

#include <charconv>
#include <stdexcept>

namespace rcfeed {
namespace {

using Poco::Net::IPAddress;

IPAddress unmapped(const IPAddress& a) {
  if (a.family() != IPAddress::IPv6 || !a.isIPv4Mapped()) return a;
  return IPAddress(static_cast<const unsigned char*>(a.addr()) + 12, 4);
}

}  // namespace

AddressAllowlist::AddressAllowlist(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    const size_t slash = entry.find('/');
    const std::string host = entry.substr(0, slash);
    IPAddress network;
    if (!IPAddress::tryParse(host, network)) {
      throw std::invalid_argument("allow entry '" + entry + "': not an IP address or CIDR range");
    }
    network = unmapped(network);
    const unsigned width = network.family() == IPAddress::IPv4 ? 32 : 128;
    unsigned bits = width;
    if (slash != std::string::npos) {
      const std::string digits = entry.substr(slash + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || bits > width) {
        throw std::invalid_argument("allow entry '" + entry + "': prefix length must be 0.." + std::to_string(width));
      }
    }
    const IPAddress mask(bits, network.family());
    ranges_.push_back({network & mask, mask});
    if (!text_.empty()) text_ += ",";
    text_ += entry;
  }
}

bool AddressAllowlist::allows(const IPAddress& sender) const {
  const IPAddress a = unmapped(sender);
  for (const Range& r : ranges_) {
    if (r.network.family() == a.family() && (a & r.mask) == r.network) return true;
  }
  return false;
}

}  // namespace rcfeed
