#pragma once
// Backoff: how long to wait before sending a failed event again.
// Exponential from `initial`, doubled per attempt up to `max`, with "equal
// jitter" (half the delay fixed, half random) so that many feeds recovering
// from one outage do not retry in lockstep.

#include <chrono>
#include <cstdint>
#include <random>

namespace rcfeed {

struct RetrySettings {
  std::chrono::milliseconds initial{200};   // retry_initial_ms
  std::chrono::milliseconds max{30000};     // retry_max_ms
  // Sends of one event before it is given up and dead-lettered
  // (max_attempts); 0 retries forever.
  uint32_t maxAttempts = 0;
  // Refusals of one event in particular (DeliveryReport::eventSpecific)
  // after which it is poison: dead-lettered as failed, so that it does not
  // hold up its feed forever (poison_attempts); 0 never. Outages are not
  // counted here.
  uint32_t poisonAttempts = 8;
};

class Backoff {
 public:
  explicit Backoff(const RetrySettings& settings, uint64_t seed = std::random_device{}());

  // The wait before attempt number `attempt` + 1, after `attempt` failed
  // sends (attempt >= 1).
  std::chrono::milliseconds delay(uint32_t attempt);

 private:
  RetrySettings settings_;
  std::mt19937_64 random_;
};

}  // namespace rcfeed
