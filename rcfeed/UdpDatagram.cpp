#include "rcfeed/UdpDatagram.h"

#include <cstdio>

namespace rcfeed {

bool extractRCFeedLine(std::string_view payload, std::string_view& line, std::string& error) {
  if (payload.size() > kMaxUdpPayload) {
    error = "oversize datagram (" + std::to_string(payload.size()) + " bytes, MediaWiki sends at most " +
            std::to_string(kMaxUdpPayload) + ")";
    return false;
  }
  std::string_view rest = payload;
  if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
  if (!rest.empty() && rest.front() != '{') {
    // UDPTransport puts "PREFIX " before the line (spec 1.6).
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) {
      error = "no JSON object and no 'PREFIX ' before one";
      return false;
    }
    rest.remove_prefix(space + 1);
  }
  if (rest.empty()) {
    error = "empty datagram";
    return false;
  }
  line = rest;
  return true;
}

LineReadResult readUdpDatagram(std::string_view payload, RecentChange& rc) {
  std::string_view line;
  LineReadResult result;
  if (!extractRCFeedLine(payload, line, result.error)) return result;
  return readJsonRCFeedLine(line, rc);
}

std::string describeDatagram(std::string_view payload, std::string_view sender) {
  constexpr size_t kShown = 64;
  std::string out = "first bytes \"";
  for (size_t i = 0; i < payload.size() && i < kShown; ++i) {
    const unsigned char c = static_cast<unsigned char>(payload[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  out += '"';
  if (payload.size() > kShown) out += "...";
  out += " (" + std::to_string(payload.size()) + " bytes) from ";
  out += sender;
  return out;
}

}  // namespace rcfeed
