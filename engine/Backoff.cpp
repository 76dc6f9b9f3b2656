#include "engine/Backoff.h"

#include <algorithm>

namespace rcfeed {

Backoff::Backoff(const RetrySettings& settings, uint64_t seed) : settings_(settings), random_(seed) {}

std::chrono::milliseconds Backoff::delay(uint32_t attempt) {
  using std::chrono::milliseconds;
  const int64_t cap = std::max<int64_t>(settings_.max.count(), 1);
  int64_t d = std::max<int64_t>(settings_.initial.count(), 1);
  for (uint32_t i = 1; i < attempt && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  std::uniform_int_distribution<int64_t> half(0, d / 2);
  return milliseconds(d - d / 2 + half(random_));
}

}  // namespace rcfeed
