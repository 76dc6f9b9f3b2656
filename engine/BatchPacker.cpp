#include "engine/BatchPacker.h"

namespace rcfeed {

PackResult packBatches(const std::vector<std::string>& events, size_t maxBatchBytes, size_t maxBatchEvents) {
  PackResult result;
  Batch current;
  auto flush = [&] {
    if (current.members.empty()) return;
    current.body.push_back(']');
    result.batches.push_back(std::move(current));
    current = Batch();
  };
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string& e = events[i];
    // "[" + e + "]" is the smallest body that can carry it.
    if (e.size() + 2 > maxBatchBytes) {
      result.oversize.push_back(i);
      continue;
    }
    // Adding to a non-empty body costs a comma; the closing bracket is
    // already counted in the size below.
    size_t grown = current.members.empty() ? e.size() + 2 : current.body.size() + 1 + e.size() + 1;
    if (!current.members.empty() && (grown > maxBatchBytes || current.members.size() >= maxBatchEvents)) {
      flush();
    }
    current.body.push_back(current.members.empty() ? '[' : ',');
    current.body += e;
    current.members.push_back(i);
  }
  flush();
  return result;
}

}  // namespace rcfeed
