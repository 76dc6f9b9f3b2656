#include "engine/FileEventService.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace rcfeed {

std::string filePathOfUrl(const std::string& url) {
  if (url.rfind("file:", 0) != 0) return "";
  try {
    Poco::URI uri(url);
    if (!uri.getHost().empty()) return "";
    return uri.getPath();
  } catch (const Poco::Exception&) {
    return "";
  }
}

FileEventService::FileEventService(const std::string& url) : path_(filePathOfUrl(url)) {
  if (path_.empty() || path_.front() != '/') {
    throw std::invalid_argument("not a file:///absolute/path url: " + url);
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::invalid_argument("cannot open " + path_ + " for appending: " + std::strerror(errno));
}

FileEventService::~FileEventService() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<DeliveryReport> FileEventService::append(const std::vector<std::string>& events,
                                                     const std::vector<size_t>& which) {
  std::vector<DeliveryReport> reports(which.size());
  std::string line;
  std::string error;
  for (size_t i : which) {
    line.assign(events[i]);
    line.push_back('\n');
    const char* p = line.data();
    size_t left = line.size();
    while (left > 0 && error.empty()) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = "write " + path_ + ": " + std::strerror(errno);
      else {
        p += n;
        left -= static_cast<size_t>(n);
      }
    }
    if (!error.empty()) break;
  }
  if (error.empty() && ::fsync(fd_) != 0) error = "fsync " + path_ + ": " + std::strerror(errno);
  for (auto& r : reports) {
    r.status = error.empty() ? DeliveryStatus::Accepted : DeliveryStatus::Failed;
    r.reason = error;
  }
  return reports;
}

}  // namespace rcfeed
