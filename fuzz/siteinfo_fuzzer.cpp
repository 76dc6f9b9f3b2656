// libFuzzer target for the siteinfo reader (Wiki::fromJson). std::runtime_error
// is its documented refusal; any other exception, a crash or a sanitizer
// report is a finding. A wiki it accepts must also be usable: the title codec
// and the event formatter are built from it and run on a fixed change (the
// formatter may refuse a linktrail it cannot compile with the documented
// std::invalid_argument, which the config loader reports at load).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "formatter/EventBusRCFeedFormatter.h"
#include "formatter/TitleCodec.h"
#include "rcfeed/Wiki.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rcfeed::WikiPtr wiki;
  try {
    wiki = rcfeed::Wiki::fromJson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  } catch (const std::runtime_error&) {
    return 0;
  }
  rcfeed::RecentChange rc;
  rc.type = "edit";
  rc.ns = 1;
  rc.title = wiki->titlePrefix(1) + "Foo bar";
  rc.comment = "/* Section */ see [[Foo]]s and [[:Talk:Bar#x|bar]]";
  rc.source = "mw.edit";
  const rcfeed::TitleCodec codec(wiki);
  const rcfeed::ParsedTitle t = codec.parse("talk:Foo#Bar");
  codec.canonicalUrl(t);
  codec.localUrl(t);
  for (auto profile : {rcfeed::OutputProfile::MW139, rcfeed::OutputProfile::Master}) {
    std::string out;
    rcfeed::FormatterOptions options;
    options.profile = profile;
    try {
      rcfeed::EventBusRCFeedFormatter(wiki, options).format(rc, "r", out);
    } catch (const std::invalid_argument&) {
      return 0;
    }
  }
  return 0;
}
