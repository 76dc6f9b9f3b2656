// libFuzzer target for the PHP serialize() reader and the log_params derived
// from rc_params. Besides crashes and sanitizer reports it stops on a broken
// promise of PhpUnserialize.h: a refusal without a reason or with an offset
// past the input, an accepted value nested deeper than the limit or holding
// more values or string bytes than the input has bytes (memory proportional
// to the input), or log_params that are not an array whenever rc_params is
// not PHP-falsy.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rcfeed/FormatJson.h"
#include "rcfeed/LogParams.h"
#include "rcfeed/PhpUnserialize.h"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

struct Size {
  size_t depth = 0, values = 0, stringBytes = 0;
};

void measure(const rcfeed::PhpValue& v, size_t depth, Size& size) {
  ++size.values;
  if (depth > size.depth) size.depth = depth;
  if (const auto* s = std::get_if<std::string>(&v.storage())) size.stringBytes += s->size();
  if (const rcfeed::PhpArray* a = v.array()) {
    for (size_t i = 0; i < a->size(); ++i) {
      if (const auto* k = std::get_if<std::string>(&a->keys[i])) size.stringBytes += k->size();
      measure(a->values[i], depth + 1, size);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const rcfeed::PhpUnserializeOptions options;
  const rcfeed::PhpUnserializeResult r = rcfeed::phpUnserialize(input, options);
  if (r.ok) {
    Size s;
    measure(r.value, 0, s);
    require(s.depth <= options.maxDepth);
    require(s.values <= input.size() && s.stringBytes <= input.size());
  } else {
    require(!r.error.empty() && r.offset <= input.size());
  }
  const auto params = rcfeed::logParamsFromRcParams(input);
  const bool falsy = input.empty() || input == "0";
  require(params.has_value() != falsy);
  if (params) {
    require(params->isArray());
    std::string json;
    rcfeed::JsonWriter w(json);
    params->write(w);
  }
  return 0;
}
