#include "engine/DeadLetterFile.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include "formatter/EventId.h"
#include "rcfeed/FormatJson.h"

namespace rcfeed {
namespace {

void writeLine(std::string& out, const std::string& time, const std::string& feed, const DeadLetter& d,
               std::string_view reason) {
  JsonWriter w(out);
  w.startObject();
  w.key("time");
  w.string(time);
  w.key("feed");
  w.string(feed);
  w.key("position");
  w.integer(static_cast<int64_t>(d.position));
  w.key("rc_id");
  d.rcId ? w.integer(*d.rcId) : w.null();
  w.key("log_id");
  d.logId ? w.integer(*d.logId) : w.null();
  w.key("status");
  w.string(deliveryStatusName(d.report.status));
  w.key("http_status");
  w.integer(d.report.httpStatus);
  w.key("reason");
  w.string(reason);
  w.key("event");
  w.raw(d.event);
  w.endObject();
  if (!w.ok()) throw std::invalid_argument("not UTF-8");
}

}  // namespace

DeadLetterFile::DeadLetterFile(std::string path, std::string feedName) : path_(std::move(path)), feed_(std::move(feedName)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd_ < 0) throw std::runtime_error("dead-letter file " + path_ + ": " + std::strerror(errno));
}

DeadLetterFile::~DeadLetterFile() {
  if (fd_ >= 0) ::close(fd_);
}

void DeadLetterFile::write(const std::vector<DeadLetter>& letters) {
  if (letters.empty()) return;
  const std::string time = isoTimestamp(static_cast<int64_t>(std::time(nullptr)));
  std::string out;
  for (const auto& d : letters) {
    const size_t mark = out.size();
    try {
      writeLine(out, time, feed_, d, d.report.reason);
    } catch (const std::invalid_argument&) {
      // The service's answer held invalid UTF-8; keep the letter, not the text.
      out.resize(mark);
      writeLine(out, time, feed_, d, "(reason was not valid UTF-8)");
    }
    out.push_back('\n');
  }
  const char* p = out.data();
  size_t left = out.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("dead-letter file " + path_ + ": " + std::strerror(errno));
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0) throw std::runtime_error("dead-letter file " + path_ + ": fsync: " + std::strerror(errno));
}

}  // namespace rcfeed
