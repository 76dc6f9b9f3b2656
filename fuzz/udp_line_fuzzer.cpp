// libFuzzer target for the UDP datagram and line reader: readUdpDatagram on
// the input as one datagram ("{json}" or "PREFIX {json}\n", the line read by
// readJsonRCFeedLine), then EventBusRCFeedFormatter (1.39 and master
// profiles) on every change it accepts. Besides crashes and sanitizer
// reports it stops on a broken promise: a refusal without a reason, UTF-8
// replacements counted for valid input, an accepted line that cannot be
// formatted (the reader hands on only valid UTF-8), or an event that is not
// valid UTF-8 or not one JSON object that RapidJSON parses.

#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/UdpDatagram.h"
#include "rcfeed/Utf8.h"

namespace {

const std::vector<rcfeed::EventBusRCFeedFormatter>& formatters() {
  static const auto all = [] {
    auto wiki = rcfeed::Wiki::fromFile(std::string(RCFEED_FIXTURES) + "/mw139-en/siteinfo.json");
    std::vector<rcfeed::EventBusRCFeedFormatter> v;
    for (auto profile : {rcfeed::OutputProfile::MW139, rcfeed::OutputProfile::Master}) {
      rcfeed::FormatterOptions options;
      options.profile = profile;
      v.emplace_back(wiki, options);
    }
    return v;
  }();
  return all;
}

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  rcfeed::RecentChange rc;
  const rcfeed::LineReadResult r = rcfeed::readUdpDatagram(input, rc);
  require(r.ok == r.error.empty());
  require(r.replacedUtf8 == 0 || !rcfeed::isValidUtf8(input));
  if (!r.ok) return 0;
  for (const auto& formatter : formatters()) {
    std::string out;
    require(formatter.format(rc, "00000000-0000-0000-0000-000000000000", out));
    require(rcfeed::isValidUtf8(out));
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(out.data(), out.size());
    require(!doc.HasParseError() && doc.IsObject());
  }
  return 0;
}
