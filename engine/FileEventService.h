#pragma once
// FileEventService: the event service behind a file:///path.jsonl url. Each
// event is appended to the file as one line; the file is fsync'ed before
// append() returns, so an accepted event is on disk. For local runs and
// tests, where no EventGate is at hand.
//
// Threading: one caller at a time. Two processes appending to one file may
// interleave lines but never split one (each event is one write() with
// O_APPEND, and lines stay far below what the kernel could split).

#include <string>
#include <vector>

#include "engine/DeliveryReport.h"

namespace rcfeed {

class FileEventService {
 public:
  // `url` is file:///absolute/path; throws std::invalid_argument otherwise.
  // The file is created when missing; the folder must exist.
  explicit FileEventService(const std::string& url);
  ~FileEventService();
  FileEventService(const FileEventService&) = delete;
  FileEventService& operator=(const FileEventService&) = delete;

  // Appends every event; all are Accepted once the data is synced, or all
  // Failed with the system's error (a partly written batch may then repeat).
  std::vector<DeliveryReport> append(const std::vector<std::string>& events, const std::vector<size_t>& which);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

// The path of a file:// url, or "" when `url` is not one.
std::string filePathOfUrl(const std::string& url);

}  // namespace rcfeed
