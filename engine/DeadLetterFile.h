#pragma once
// DeadLetterFile: where a feed puts events it will never deliver (EventGate
// called them invalid, they are too large, or they failed max_attempts
// times). One JSON object per line:
//   {"time":"2026-12-04T19:28:18Z","feed":"main","position":42,"rc_id":1234,
//    "log_id":null,"status":"rejected","http_status":400,"reason":"...","event":{...}}
// `event` is the event exactly as it was POSTed. Lines are appended and the
// file is fsync'ed once per write() call, before the engine acknowledges the
// changes to its source.
//
// Failure: write() throws std::runtime_error naming the file; the engine
// then stops without acknowledging those changes.
// Threading: one caller at a time.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/DeliveryReport.h"
#include "rcfeed/Source.h"

namespace rcfeed {

struct DeadLetter {
  Position position = 0;
  std::optional<int64_t> rcId;
  std::optional<int64_t> logId;
  DeliveryReport report;
  std::string event;  // serialised JSON object
};

class DeadLetterFile {
 public:
  // Opens (creating) `path` for appending; throws std::runtime_error.
  DeadLetterFile(std::string path, std::string feedName);
  ~DeadLetterFile();
  DeadLetterFile(const DeadLetterFile&) = delete;
  DeadLetterFile& operator=(const DeadLetterFile&) = delete;

  void write(const std::vector<DeadLetter>& letters);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string feed_;
  int fd_ = -1;
};

}  // namespace rcfeed
