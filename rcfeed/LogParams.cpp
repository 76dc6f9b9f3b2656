#include "rcfeed/LogParams.h"

#include "rcfeed/PhpUnserialize.h"

namespace rcfeed {

std::string logParamKey(std::string_view key) {
  const size_t first = key.find(':');
  if (first == std::string_view::npos) return std::string(key);
  const size_t second = key.find(':', first + 1);
  // explode(':', $key, 3)[2] is undefined with only two parts: PHP reads it as null, used as "".
  if (second == std::string_view::npos) return {};
  return std::string(key.substr(second + 1));
}

std::optional<PhpValue> logParamsFromRcParams(const std::optional<std::string>& rcParams) {
  if (!rcParams || rcParams->empty() || *rcParams == "0") return std::nullopt;
  PhpUnserializeResult parsed = phpUnserialize(*rcParams);
  if (parsed.ok) {
    PhpArrayBuilder out;
    if (const PhpArray* in = parsed.value.array()) {
      for (size_t i = 0; i < in->size(); ++i) {
        if (const auto* s = std::get_if<std::string>(&in->keys[i]))
          out.set(phpArrayKey(logParamKey(*s)), in->values[i]);
        else
          out.set(in->keys[i], in->values[i]);
      }
    }
    return PhpValue(out.take());
  }
  PhpArray lines;
  int64_t index = 0;
  size_t start = 0;
  while (true) {
    const size_t nl = rcParams->find('\n', start);
    lines.keys.emplace_back(index++);
    lines.values.emplace_back(rcParams->substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return PhpValue(std::move(lines));
}

}  // namespace rcfeed
