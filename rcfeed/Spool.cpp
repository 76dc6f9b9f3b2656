#include "rcfeed/Spool.h"

#include <Poco/Checksum.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <thread>

namespace rcfeed {
namespace {

namespace fs = std::filesystem;

constexpr size_t kHeaderBytes = 16;
constexpr const char* kMarkFile = "acknowledged";
constexpr const char* kMarkTemp = "acknowledged.tmp";
constexpr const char* kLockFile = "lock";
constexpr const char* kSegmentSuffix = ".seg";
constexpr size_t kSegmentNameDigits = 20;

void putU32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void putU64(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t getU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
uint64_t getU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// The checksum covers the length and sequence fields too, so a record whose
// header was damaged is caught like one whose payload was.
uint32_t recordCrc(const char* header, const char* payload, uint32_t length) {
  Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
  crc.update(header, 4);
  crc.update(header + 8, 8);
  crc.update(payload, length);
  return crc.checksum();
}

void appendRecord(std::string& out, uint64_t sequence, std::string_view payload) {
  char header[kHeaderBytes];
  putU32(header, static_cast<uint32_t>(payload.size()));
  putU64(header + 8, sequence);
  putU32(header + 4, recordCrc(header, payload.data(), static_cast<uint32_t>(payload.size())));
  out.append(header, kHeaderBytes);
  out.append(payload);
}

std::string segmentName(uint64_t first) {
  std::string digits = std::to_string(first);
  return std::string(kSegmentNameDigits - digits.size(), '0') + digits + kSegmentSuffix;
}

bool parseSegmentName(const std::string& name, uint64_t& first) {
  if (name.size() != kSegmentNameDigits + std::strlen(kSegmentSuffix) || !name.ends_with(kSegmentSuffix)) return false;
  auto [end, ec] = std::from_chars(name.data(), name.data() + kSegmentNameDigits, first);
  return ec == std::errc() && end == name.data() + kSegmentNameDigits;
}

std::string errnoText() { return std::strerror(errno); }

// Reads exactly `n` bytes at `offset`; false on error or end of file.
bool preadAll(int fd, char* buf, size_t n, uint64_t offset) {
  while (n > 0) {
    const ssize_t got = ::pread(fd, buf, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buf += got;
    n -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return true;
}

bool writeAll(int fd, const char* buf, size_t n) {
  while (n > 0) {
    const ssize_t put = ::write(fd, buf, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    buf += put;
    n -= static_cast<size_t>(put);
  }
  return true;
}

void syncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("spool " + dir + ": cannot open directory: " + errnoText());
  const int rc = ::fsync(fd);
  const std::string why = rc == 0 ? "" : errnoText();
  ::close(fd);
  if (rc != 0) throw std::runtime_error("spool " + dir + ": fsync of directory failed: " + why);
}

uint64_t readMark(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!text.empty() && text.back() == '\n') text.pop_back();
  uint64_t mark = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mark);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw std::runtime_error("spool mark " + path + ": not a sequence number: '" + text.substr(0, 40) + "'");
  }
  return mark;
}

}  // namespace

Spool::Spool(SpoolOptions options) : options_(std::move(options)) {
  if (options_.directory.empty()) throw std::runtime_error("spool: no directory given");
  if (options_.maxBytes < 8 * (kHeaderBytes + 1)) {
    throw std::runtime_error("spool " + options_.directory + ": max bytes " + std::to_string(options_.maxBytes) +
                             " is too small");
  }
  std::error_code ec;
  fs::create_directories(options_.directory, ec);
  if (ec) throw std::runtime_error("spool " + options_.directory + ": cannot create directory: " + ec.message());
  // Two writers would interleave records; the lock goes with the process.
  const std::string lockPath = options_.directory + "/" + kLockFile;
  lockFd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (lockFd_ < 0) throw std::runtime_error("spool " + lockPath + ": cannot open: " + errnoText());
  if (::flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
    const std::string why = errno == EWOULDBLOCK ? "in use by another spool (process or object)" : errnoText();
    ::close(lockFd_);
    throw std::runtime_error("spool " + options_.directory + ": " + why);
  }
  try {
    scan();
  } catch (...) {
    ::close(lockFd_);
    throw;
  }
  lastSync_ = std::chrono::steady_clock::now();
}

Spool::~Spool() {
  writeMarkIfDue(true);
  if (appendFd_ >= 0) {
    if (unsynced_) ::fdatasync(appendFd_);
    ::close(appendFd_);
  }
  if (readFd_ >= 0) ::close(readFd_);
  ::close(lockFd_);
}

void Spool::scan() {
  mark_ = readMark(options_.directory + "/" + kMarkFile);
  std::error_code ec;
  fs::remove(options_.directory + "/" + kMarkTemp, ec);
  for (const auto& entry : fs::directory_iterator(options_.directory)) {
    uint64_t first = 0;
    if (!entry.is_regular_file() || !parseSegmentName(entry.path().filename().string(), first)) continue;
    segments_[first].path = entry.path().string();
  }
  uint64_t previous = 0;
  for (auto it = segments_.begin(); it != segments_.end();) {
    scanSegment(it->first, it->second, previous);
    totalBytes_ += it->second.bytes;
    if (it->second.bytes > 0) {
      ++it;
      continue;
    }
    // An empty segment would collide with the name of the next one created.
    std::error_code removeError;
    fs::remove(it->second.path, removeError);
    if (removeError) {
      throw std::runtime_error("spool segment " + it->second.path + ": cannot delete empty segment: " +
                               removeError.message());
    }
    it = segments_.erase(it);
  }
  scannedSequence_ = previous;

  readSequence_ = mark_;
  readableSequence_ = previous;
  nextSequence_ = std::max(previous, mark_) + 1;
  counters_.acknowledged = mark_;
  writtenMark_ = mark_;
  counters_.lastSequence = previous;
  deleteSegmentsBelowMark();
  counters_.bytes = totalBytes_;
  log(LogLevel::Info, "spool opened",
      {{"directory", options_.directory}, {"segments", segments_.size()}, {"bytes", totalBytes_},
       {"acknowledged", mark_}, {"last_sequence", previous}, {"torn_records", counters_.tornRecords},
       {"corrupt_records", counters_.corruptRecords}});
}

void Spool::scanSegment(uint64_t first, Segment& seg, uint64_t& previous) {
  const int fd = ::open(seg.path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("spool segment " + seg.path + ": cannot open: " + errnoText());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const std::string why = errnoText();
    ::close(fd);
    throw std::runtime_error("spool segment " + seg.path + ": cannot stat: " + why);
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  std::string payload;
  uint64_t offset = 0;
  std::string tornWhy;
  while (offset < size) {
    char header[kHeaderBytes];
    if (size - offset < kHeaderBytes || !preadAll(fd, header, kHeaderBytes, offset)) {
      tornWhy = "record header cut short";
      break;
    }
    const uint32_t length = getU32(header);
    const uint64_t sequence = getU64(header + 8);
    if (length > kMaxPayload || sequence <= previous || sequence < first) {
      tornWhy = "implausible record header";
      break;
    }
    if (size - offset - kHeaderBytes < length) {
      tornWhy = "record payload cut short";
      break;
    }
    payload.resize(length);
    if (!preadAll(fd, payload.data(), length, offset + kHeaderBytes)) {
      tornWhy = "record payload unreadable";
      break;
    }
    const uint64_t end = offset + kHeaderBytes + length;
    if (recordCrc(header, payload.data(), length) != getU32(header + 4)) {
      if (end == size) {
        tornWhy = "checksum mismatch in the last record";
        break;
      }
      ++counters_.corruptRecords;
      log(LogLevel::Error, "spool record checksum mismatch, record skipped",
          {{"segment", seg.path}, {"offset", offset}, {"sequence", sequence}});
    }
    previous = sequence;
    seg.lastSequence = sequence;
    offset = end;
  }
  if (offset < size) {
    ++counters_.tornRecords;
    log(LogLevel::Warn, "spool segment ends in a torn record, cut off",
        {{"segment", seg.path}, {"offset", offset}, {"bytes_dropped", size - offset}, {"reason", tornWhy}});
    if (::ftruncate(fd, static_cast<off_t>(offset)) != 0 || ::fsync(fd) != 0) {
      const std::string why = errnoText();
      ::close(fd);
      throw std::runtime_error("spool segment " + seg.path + ": cannot cut off torn tail: " + why);
    }
  }
  ::close(fd);
  seg.bytes = offset;
  seg.readableBytes = offset;
}

void Spool::deleteSegmentsBelowMark() {
  std::vector<std::string> doomed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = segments_.begin(); it != segments_.end();) {
      // The segment being appended to is always the newest; it goes once a
      // newer one exists.
      if (it->second.lastSequence > mark_ || (activeSegment_ && it->first == *activeSegment_)) break;
      doomed.push_back(it->second.path);
      totalBytes_ -= it->second.bytes;
      it = segments_.erase(it);
    }
    counters_.bytes = totalBytes_;
  }
  for (const auto& path : doomed) {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) log(LogLevel::Error, "cannot delete delivered spool segment", {{"segment", path}, {"error", ec.message()}});
  }
}

bool Spool::openSegmentForAppend() {
  if (appendFd_ >= 0) {
    if (unsynced_) syncNow();
    ::close(appendFd_);
    appendFd_ = -1;
  }
  const std::string path = options_.directory + "/" + segmentName(nextSequence_);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    if (ioLog_.allow()) log(LogLevel::Error, "cannot create spool segment", {{"segment", path}, {"error", errnoText()}});
    return false;
  }
  if (options_.sync != SpoolSync::Never) {
    try {
      syncDirectory(options_.directory);
    } catch (const std::exception& e) {
      if (ioLog_.allow()) log(LogLevel::Error, "spool directory not synced", {{"error", e.what()}});
    }
  }
  appendFd_ = fd;
  appendSegment_ = nextSequence_;
  std::lock_guard<std::mutex> lock(mutex_);
  segments_[appendSegment_].path = path;
  activeSegment_ = appendSegment_;
  return true;
}

size_t Spool::append(const std::vector<std::string_view>& payloads) {
  std::string buffer;
  size_t inBuffer = 0;
  size_t written = 0;
  uint64_t segmentBytes = 0;
  if (appendFd_ >= 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    segmentBytes = segments_[appendSegment_].bytes;
  }
  const uint64_t rollAt = std::max<uint64_t>(1, std::min(options_.segmentBytes, options_.maxBytes / 8));
  for (std::string_view payload : payloads) {
    const uint64_t recordBytes = kHeaderBytes + payload.size();
    bool fits = payload.size() <= kMaxPayload;
    uint64_t held = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!fits) {
        ++counters_.writeDropped;
      } else if (totalBytes_ + recordBytes > options_.maxBytes) {
        fits = false;
        ++counters_.fullDropped;
        held = totalBytes_;
      } else {
        totalBytes_ += recordBytes;  // reserved now, so the bound holds against the reader's deletions
        counters_.bytes = totalBytes_;
      }
    }
    if (!fits) {
      if (payload.size() > kMaxPayload) {
        if (ioLog_.allow()) log(LogLevel::Error, "record too large for the spool, dropped", {{"bytes", payload.size()}});
      } else if (auto suppressed = fullLog_.allow()) {
        log(LogLevel::Error, "spool full: new datagrams are dropped until delivery catches up",
            {{"directory", options_.directory}, {"spool_bytes", held}, {"max_bytes", options_.maxBytes},
             {"drops_not_logged", *suppressed}});
      }
      continue;
    }
    if (appendFd_ < 0 || segmentBytes + buffer.size() >= rollAt) {
      if (!buffer.empty()) {
        if (flushBatch(buffer, nextSequence_ - 1, inBuffer)) written += inBuffer;
        inBuffer = 0;
      }
      if (!openSegmentForAppend()) {
        std::lock_guard<std::mutex> lock(mutex_);
        totalBytes_ -= recordBytes;
        counters_.bytes = totalBytes_;
        ++counters_.writeDropped;
        continue;
      }
      segmentBytes = 0;
    }
    appendRecord(buffer, nextSequence_++, payload);
    ++inBuffer;
  }
  if (!buffer.empty() && flushBatch(buffer, nextSequence_ - 1, inBuffer)) written += inBuffer;
  return written;
}

bool Spool::flushBatch(std::string& buffer, uint64_t lastSequence, size_t records) {
  bool ok = writeAll(appendFd_, buffer.data(), buffer.size());
  std::string why = ok ? "" : errnoText();
  if (ok && options_.sync == SpoolSync::EveryBatch && ::fdatasync(appendFd_) != 0) {
    ok = false;
    why = "fdatasync: " + errnoText();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  Segment& seg = segments_[appendSegment_];
  if (!ok) {
    // Cut the file back so the next records do not follow a torn one. The
    // lost sequence numbers stay unused: readers only need them to grow.
    const bool cut = ::ftruncate(appendFd_, static_cast<off_t>(seg.bytes)) == 0;
    totalBytes_ -= buffer.size();
    counters_.bytes = totalBytes_;
    counters_.writeDropped += records;
    lock.unlock();
    if (!cut) {
      ::close(appendFd_);
      appendFd_ = -1;
    }
    if (ioLog_.allow()) {
      log(LogLevel::Error, "spool write failed, records dropped",
          {{"segment", seg.path}, {"records", records}, {"error", why}});
    }
    buffer.clear();
    return false;
  }
  seg.bytes += buffer.size();
  seg.readableBytes = seg.bytes;
  seg.lastSequence = lastSequence;
  readableSequence_ = lastSequence;
  counters_.appended += records;
  counters_.lastSequence = lastSequence;
  lock.unlock();
  readable_.notify_all();
  buffer.clear();
  if (options_.sync == SpoolSync::Interval) {
    unsynced_ = true;
    maintain();
  }
  return true;
}

void Spool::syncNow() {
  if (appendFd_ >= 0 && ::fdatasync(appendFd_) != 0 && ioLog_.allow()) {
    log(LogLevel::Error, "spool fdatasync failed", {{"directory", options_.directory}, {"error", errnoText()}});
  }
  unsynced_ = false;
  lastSync_ = std::chrono::steady_clock::now();
}

void Spool::maintain() {
  if (unsynced_ && std::chrono::steady_clock::now() - lastSync_ >= options_.syncInterval) syncNow();
  writeMarkIfDue(false);
}

bool Spool::read(std::vector<SpoolRecord>& out, size_t max, std::chrono::milliseconds wait) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    readable_.wait_for(lock, wait, [this] { return readableSequence_ > readSequence_ || interrupted_; });
    if (readableSequence_ <= readSequence_) return !interrupted_;
  }
  bool failed = false;
  while (out.size() < max) {
    SpoolRecord record;
    bool skipped = false;
    if (!readOne(record, skipped)) {
      std::lock_guard<std::mutex> lock(mutex_);
      failed = readableSequence_ > readSequence_;
      break;
    }
    if (!skipped) out.push_back(std::move(record));
  }
  // A record that cannot be read now is tried again on the next call; do
  // not spin on it.
  if (failed && out.empty()) std::this_thread::sleep_for(wait);
  return true;
}

bool Spool::readOne(SpoolRecord& record, bool& skipped) {
  std::string path;
  uint64_t limit = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = segments_.lower_bound(readSegment_);
    while (true) {
      if (it == segments_.end()) return false;
      if (it->first != readSegment_) {
        readSegment_ = it->first;
        readOffset_ = 0;
        if (readFd_ >= 0) ::close(readFd_);
        readFd_ = -1;
      }
      const Segment& seg = it->second;
      if (readOffset_ + kHeaderBytes <= seg.readableBytes) break;
      const bool complete = seg.readableBytes == seg.bytes && std::next(it) != segments_.end();
      if (!complete) return false;
      ++it;
    }
    path = it->second.path;
    limit = it->second.readableBytes;
  }
  if (readFd_ < 0) {
    readFd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (readFd_ < 0) {
      if (ioLog_.allow()) log(LogLevel::Error, "cannot open spool segment", {{"segment", path}, {"error", errnoText()}});
      return false;
    }
  }
  char header[kHeaderBytes];
  if (!preadAll(readFd_, header, kHeaderBytes, readOffset_)) {
    if (ioLog_.allow()) log(LogLevel::Error, "cannot read spool segment", {{"segment", path}, {"offset", readOffset_}});
    return false;
  }
  const uint32_t length = getU32(header);
  const uint64_t sequence = getU64(header + 8);
  if (length > kMaxPayload || readOffset_ + kHeaderBytes + length > limit) {
    // Damaged since it was written or scanned: nothing after this point of
    // the segment can be framed.
    log(LogLevel::Error, "spool segment damaged, rest of it skipped", {{"segment", path}, {"offset", readOffset_}});
    std::lock_guard<std::mutex> lock(mutex_);
    ++counters_.corruptRecords;
    readOffset_ = limit;
    skipped = true;
    return true;
  }
  record.payload.resize(length);
  if (!preadAll(readFd_, record.payload.data(), length, readOffset_ + kHeaderBytes)) {
    if (ioLog_.allow()) log(LogLevel::Error, "cannot read spool segment", {{"segment", path}, {"offset", readOffset_}});
    return false;
  }
  const bool intact = recordCrc(header, record.payload.data(), length) == getU32(header + 4);
  readOffset_ += kHeaderBytes + length;
  if (sequence <= readSequence_) {
    skipped = true;  // acknowledged before the spool was opened
    return true;
  }
  readSequence_ = sequence;
  if (!intact) {
    skipped = true;
    if (sequence <= scannedSequence_) return true;  // found and counted when the spool was opened
    log(LogLevel::Error, "spool record checksum mismatch, record skipped",
        {{"segment", path}, {"sequence", sequence}});
    std::lock_guard<std::mutex> lock(mutex_);
    ++counters_.corruptRecords;
    return true;
  }
  record.sequence = sequence;
  return true;
}

void Spool::acknowledge(uint64_t upTo) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    upTo = std::min(upTo, readSequence_);
    if (upTo <= mark_) return;
    mark_ = upTo;
    counters_.acknowledged = upTo;
  }
  // Deleting before the mark is on disk is safe: a crash then repeats
  // delivered records from the older mark, and cannot repeat deleted ones,
  // which were delivered too.
  deleteSegmentsBelowMark();
}

void Spool::writeMarkIfDue(bool force) {
  std::lock_guard<std::mutex> markLock(markMutex_);
  uint64_t mark = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    mark = mark_;
  }
  const auto now = std::chrono::steady_clock::now();
  if (mark <= writtenMark_ || (!force && lastMarkWrite_ && now - *lastMarkWrite_ < options_.markInterval)) return;
  lastMarkWrite_ = now;
  if (writeMark(mark)) writtenMark_ = mark;
}

bool Spool::writeMark(uint64_t mark) {
  const std::string temp = options_.directory + "/" + kMarkTemp;
  const std::string text = std::to_string(mark) + "\n";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  bool ok = fd >= 0 && writeAll(fd, text.data(), text.size());
  if (ok && options_.sync != SpoolSync::Never) ok = ::fsync(fd) == 0;
  const std::string why = ok ? "" : errnoText();
  if (fd >= 0) ::close(fd);
  if (ok) ok = ::rename(temp.c_str(), (options_.directory + "/" + kMarkFile).c_str()) == 0;
  if (ok && options_.sync != SpoolSync::Never) {
    try {
      syncDirectory(options_.directory);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  // A mark that did not reach the disk only means records are delivered
  // again after a restart.
  if (!ok && ioLog_.allow()) {
    log(LogLevel::Error, "spool mark not written; delivered records may repeat after a restart",
        {{"directory", options_.directory}, {"acknowledged", mark}, {"error", why.empty() ? errnoText() : why}});
  }
  return ok;
}

void Spool::interrupt() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    interrupted_ = true;
  }
  readable_.notify_all();
}

SpoolCounters Spool::counters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counters_;
}

}  // namespace rcfeed
