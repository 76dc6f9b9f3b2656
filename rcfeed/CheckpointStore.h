#pragma once
// CheckpointStore: the durable position of a DB tail, one JSON file.
//
//   {"rc_id": 1234, "gaps": [{"from": 1200, "to": 1201, "first_seen_ms": 1796412947000}]}
//
// `rc_id`: every recentchanges row with a smaller or equal rc_id was
// delivered, except the ids in `gaps`. A gap is a run of ids that was not
// there when larger ids were read (an insert that had not committed yet, or a
// row that will never exist); the tail keeps looking for those rows until a
// grace period after `first_seen_ms` (Unix milliseconds, wall clock, so that
// it survives a restart) has passed.
//
// save() replaces the file atomically: it writes PATH.tmp, fsyncs it, renames
// it over PATH and fsyncs the directory, so after a crash the file holds
// either the old or the new checkpoint, never a mix. Not thread-safe; one
// source owns its store. Errors are thrown as std::runtime_error naming the
// file.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rcfeed {

struct CheckpointGap {
  int64_t from = 0;  // first missing rc_id
  int64_t to = 0;    // last missing rc_id (inclusive)
  int64_t firstSeenMs = 0;
  bool operator==(const CheckpointGap&) const = default;
};

struct Checkpoint {
  int64_t rcId = 0;
  std::vector<CheckpointGap> gaps;
  bool operator==(const Checkpoint&) const = default;
};

class CheckpointStore {
 public:
  explicit CheckpointStore(std::string path) : path_(std::move(path)) {}

  // The stored checkpoint; empty when the file does not exist. A file that
  // exists but cannot be read or parsed is an error, not a fresh start.
  std::optional<Checkpoint> load() const;

  void save(const Checkpoint& checkpoint) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace rcfeed
