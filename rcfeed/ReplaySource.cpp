#include "rcfeed/ReplaySource.h"

#include <filesystem>
#include <stdexcept>

#include "rcfeed/JsonRCFeedLine.h"

namespace rcfeed {

ReplaySource::ReplaySource(std::vector<std::string> files) : files_(std::move(files)) {
  for (const auto& f : files_) {
    std::ifstream probe(f, std::ios::binary);
    if (!probe) throw std::runtime_error(f + ": cannot open");
    std::error_code ec;
    auto size = std::filesystem::file_size(f, ec);
    if (!ec) totalBytes_ += size;
  }
}

std::string ReplaySource::describe() const {
  std::string d = "replay";
  for (const auto& f : files_) d += " " + f;
  return d;
}

bool ReplaySource::openNext() {
  if (in_.is_open()) {
    in_.close();
    doneBytes_ += currentSize_;
    currentBytes_ = 0;
  }
  if (next_ >= files_.size()) return false;
  current_ = files_[next_++];
  in_.open(current_, std::ios::binary);
  if (!in_) throw std::runtime_error(current_ + ": cannot open");
  std::error_code ec;
  auto size = std::filesystem::file_size(current_, ec);
  currentSize_ = ec ? 0 : size;
  lineInFile_ = 0;
  return true;
}

bool ReplaySource::poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds) {
  std::string line;
  size_t added = 0;
  while (added < max && !stopped_) {
    if (!in_.is_open() || !std::getline(in_, line)) {
      if (!openNext()) return false;
      continue;
    }
    ++lineInFile_;
    ++position_;
    currentBytes_ += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++lines_;
    SourcedChange c;
    auto r = readJsonRCFeedLine(line, c.rc);
    if (!r.ok) {
      ++malformed_;
      if (onMalformed_) onMalformed_(current_ + ":" + std::to_string(lineInFile_), r.error);
      continue;
    }
    c.position = position_;
    out.push_back(std::move(c));
    ++added;
  }
  return !stopped_;
}

}  // namespace rcfeed
