#pragma once
// BatchPacker: splits serialised events into JSON-array request bodies.
//
// Greedy, in input order: a body takes events while `[e1,e2,...]` stays
// within maxBatchBytes and maxBatchEvents. This replaces EventBus's
// arithmetic split (spec 3.7.1), which can send one request per event where
// two or three would do, and which throws when events average more than the
// limit. An event that alone exceeds the byte limit is put in no body; the
// caller reports it as too large.

#include <cstddef>
#include <string>
#include <vector>

namespace rcfeed {

struct Batch {
  std::vector<size_t> members;  // input indexes carried by `body`, in order
  std::string body;             // "[e,e,...]"
};

struct PackResult {
  std::vector<Batch> batches;
  std::vector<size_t> oversize;  // input indexes of events larger than a body may be
};

PackResult packBatches(const std::vector<std::string>& events, size_t maxBatchBytes, size_t maxBatchEvents);

}  // namespace rcfeed
