#pragma once
// ReplaySource: changes read from files of JSONRCFeedFormatter lines (the
// UDP feed's datagrams, one per line, as `rcfeed format` reads them).
//
// Position = the line's number counted across all files in order (1-based),
// so positions increase strictly. Blank lines are skipped. A line that
// cannot be read is reported through the malformed-line callback as
// "FILE:LINE: reason", counted, and skipped. acknowledge() only records how
// far delivery got: a replay keeps no checkpoint.
//
// Threading: poll() and acknowledge() on one thread; stop() from any.

#include <atomic>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "rcfeed/Source.h"

namespace rcfeed {

class ReplaySource : public Source {
 public:
  using MalformedCallback = std::function<void(const std::string& where, const std::string& reason)>;

  // Throws std::runtime_error naming a file that cannot be opened.
  explicit ReplaySource(std::vector<std::string> files);

  void onMalformed(MalformedCallback cb) { onMalformed_ = std::move(cb); }

  bool poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds wait) override;
  void acknowledge(Position upTo) override { acknowledged_ = upTo; }
  void stop() override { stopped_ = true; }
  std::string describe() const override;

  uint64_t linesRead() const { return lines_; }
  uint64_t malformed() const { return malformed_; }
  Position acknowledged() const { return acknowledged_; }
  // For progress: bytes of all files, and bytes consumed so far.
  uint64_t totalBytes() const { return totalBytes_; }
  uint64_t bytesRead() const { return doneBytes_ + currentBytes_; }

 private:
  bool openNext();

  std::vector<std::string> files_;
  size_t next_ = 0;  // index of the next file to open
  std::ifstream in_;
  std::string current_;
  uint64_t lineInFile_ = 0;
  Position position_ = 0;
  uint64_t lines_ = 0;
  uint64_t malformed_ = 0;
  Position acknowledged_ = 0;
  uint64_t totalBytes_ = 0;
  uint64_t doneBytes_ = 0;
  uint64_t currentBytes_ = 0;
  uint64_t currentSize_ = 0;
  std::atomic<bool> stopped_{false};
  MalformedCallback onMalformed_;
};

}  // namespace rcfeed
