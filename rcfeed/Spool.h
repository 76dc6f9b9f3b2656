#pragma once
// Spool: a durable, bounded, append-only queue of byte records in a
// directory, for changes rcfeed has received but not yet delivered (the UDP
// source writes every datagram here before handing it on).
//
// Layout: segment files named after the sequence number of their first
// record (00000000000000000001.seg, ...), and a file `acknowledged` holding
// the highest delivered sequence number, replaced atomically (write, fsync,
// rename, fsync of the directory), and a file `lock` that one Spool at a
// time holds (flock). A record is
//   u32 payload length | u32 CRC-32 of length, sequence and payload |
//   u64 sequence number | payload            (little-endian)
// Sequence numbers grow by one per record and are never reused once a
// record was handed out.
//
// The mark is kept in memory by acknowledge() and written by maintain() at
// most every `markInterval`, and when the spool closes: a crash then
// repeats at most that much delivered work, never skips any, and the
// thread that acknowledges never waits for the disk.
//
// Opening scans every segment and checks every record. A record cut short
// or unreadable at the end of a segment (a write torn by a crash) is cut
// off and counted as torn; a complete record whose checksum does not match
// is skipped and counted as corrupt. Reading resumes after the
// acknowledged mark; segments wholly at or below the mark are deleted.
//
// Bounds: the segment files never hold more than `maxBytes`. When a record
// does not fit, the spool keeps what it has and the new record is dropped
// and counted (and logged, at most every 10 s).
//
// Threading: one thread appends, one other thread reads and acknowledges;
// counters() may be called from any thread. Failures: the constructor
// throws std::runtime_error naming the path (unusable directory, a
// directory another Spool holds, a bad mark file); later I/O errors are
// logged and counted, never thrown (a failed append drops those records).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rcfeed/Log.h"

namespace rcfeed {

enum class SpoolSync {
  EveryBatch,  // fdatasync before a batch is readable: nothing readable is lost, even by a power cut
  Interval,    // readable at once, fdatasync at most every `syncInterval`; a power cut may lose that much
  Never,       // leave it to the kernel; survives a crash of rcfeed, not of the machine
};

struct SpoolOptions {
  std::string directory;                           // created if missing
  uint64_t maxBytes = uint64_t{1} << 30;           // all segment files together
  uint64_t segmentBytes = uint64_t{64} << 20;      // a new segment starts past this size (at most maxBytes/8)
  SpoolSync sync = SpoolSync::EveryBatch;
  std::chrono::milliseconds syncInterval{1000};    // for SpoolSync::Interval
  std::chrono::milliseconds markInterval{200};     // the acknowledged mark reaches the disk at most this often
};

struct SpoolRecord {
  uint64_t sequence = 0;
  std::string payload;
};

struct SpoolCounters {
  uint64_t appended = 0;        // records written since open
  uint64_t fullDropped = 0;     // records refused because the spool was full
  uint64_t writeDropped = 0;    // records lost to a failed write
  uint64_t tornRecords = 0;     // torn tails cut off
  uint64_t corruptRecords = 0;  // records skipped for a checksum mismatch
  uint64_t bytes = 0;           // size of all segment files
  uint64_t acknowledged = 0;    // the mark (on disk within markInterval)
  uint64_t lastSequence = 0;    // highest sequence number written
};

class Spool {
 public:
  // The largest payload a record may carry.
  static constexpr uint32_t kMaxPayload = 1u << 20;

  explicit Spool(SpoolOptions options);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends the payloads in order as one batch and makes them readable
  // (after syncing, per the policy). Returns how many were written; the
  // others were dropped and counted. Payloads over kMaxPayload are dropped.
  size_t append(const std::vector<std::string_view>& payloads);

  // The deferred work: syncs data waiting longer than syncInterval
  // (SpoolSync::Interval) and writes the mark when markInterval has passed.
  // The appending thread calls it between batches and when idle.
  void maintain();

  // Moves up to `max` records after the last one read into `out`, waiting
  // at most `wait` for the first. Returns false only after interrupt() when
  // nothing is left to read.
  bool read(std::vector<SpoolRecord>& out, size_t max, std::chrono::milliseconds wait);

  // Every record up to and including `upTo` is delivered: moves the mark
  // (never past what read() has returned) and deletes segments below it.
  // The mark reaches the disk later (see above).
  void acknowledge(uint64_t upTo);

  // Makes a waiting read() return, and every later read() return at once.
  void interrupt();

  SpoolCounters counters() const;

 private:
  struct Segment {
    std::string path;
    uint64_t bytes = 0;         // written
    uint64_t readableBytes = 0; // written and synced per policy
    uint64_t lastSequence = 0;  // 0 while empty
  };

  void scan();
  void scanSegment(uint64_t first, Segment& seg, uint64_t& previous);
  bool writeMark(uint64_t mark);
  void writeMarkIfDue(bool force);
  void deleteSegmentsBelowMark();
  bool openSegmentForAppend();
  bool flushBatch(std::string& buffer, uint64_t lastSequence, size_t records);
  void syncNow();
  bool readOne(SpoolRecord& record, bool& skipped);

  const SpoolOptions options_;
  int lockFd_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable readable_;
  std::map<uint64_t, Segment> segments_;  // by first sequence number
  uint64_t totalBytes_ = 0;
  uint64_t nextSequence_ = 1;
  uint64_t readableSequence_ = 0;  // highest sequence read() may return
  uint64_t mark_ = 0;
  uint64_t scannedSequence_ = 0;  // highest sequence number found at open
  std::optional<uint64_t> activeSegment_;  // the one being appended to
  bool interrupted_ = false;
  SpoolCounters counters_;

  // Appending thread only.
  int appendFd_ = -1;
  uint64_t appendSegment_ = 0;  // key in segments_, valid while appendFd_ >= 0
  bool unsynced_ = false;
  std::chrono::steady_clock::time_point lastSync_;

  // Writing the mark file (appending thread, or whoever closes the spool).
  std::mutex markMutex_;
  uint64_t writtenMark_ = 0;
  std::optional<std::chrono::steady_clock::time_point> lastMarkWrite_;

  // Reading thread only.
  int readFd_ = -1;
  uint64_t readSegment_ = 0;
  uint64_t readOffset_ = 0;
  uint64_t readSequence_ = 0;  // last sequence returned or skipped

  LogRateLimit fullLog_{std::chrono::seconds(10)};
  LogRateLimit ioLog_{std::chrono::seconds(10)};
};

}  // namespace rcfeed
