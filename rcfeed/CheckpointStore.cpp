#include "rcfeed/CheckpointStore.h"

#include <fcntl.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rcfeed {
namespace {

[[noreturn]] void ioError(const std::string& what, const std::string& path) {
  throw std::runtime_error("checkpoint " + path + ": " + what + ": " + std::strerror(errno));
}

int64_t wantInt(const rapidjson::Value& obj, const char* key, const std::string& path) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsInt64())
    throw std::runtime_error("checkpoint " + path + ": '" + key + "' must be an integer");
  return it->value.GetInt64();
}

void writeAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ioError("write", path);
    }
    done += static_cast<size_t>(n);
  }
}

}  // namespace

std::optional<Checkpoint> CheckpointStore::load() const {
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec) && !ec) return std::nullopt;
  std::ifstream in(path_, std::ios::binary);
  if (!in) ioError("cannot open", path_);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError())
    throw std::runtime_error("checkpoint " + path_ + ": invalid JSON at byte " + std::to_string(doc.GetErrorOffset()) +
                             ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject()) throw std::runtime_error("checkpoint " + path_ + ": not a JSON object");
  Checkpoint c;
  c.rcId = wantInt(doc, "rc_id", path_);
  auto gaps = doc.FindMember("gaps");
  if (gaps != doc.MemberEnd()) {
    if (!gaps->value.IsArray()) throw std::runtime_error("checkpoint " + path_ + ": 'gaps' must be an array");
    for (const auto& g : gaps->value.GetArray()) {
      if (!g.IsObject()) throw std::runtime_error("checkpoint " + path_ + ": each gap must be an object");
      CheckpointGap gap{wantInt(g, "from", path_), wantInt(g, "to", path_), wantInt(g, "first_seen_ms", path_)};
      if (gap.from > gap.to || gap.to > c.rcId)
        throw std::runtime_error("checkpoint " + path_ + ": gap " + std::to_string(gap.from) + ".." +
                                 std::to_string(gap.to) + " is not below rc_id");
      c.gaps.push_back(gap);
    }
  }
  return c;
}

void CheckpointStore::save(const Checkpoint& checkpoint) const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("rc_id");
  w.Int64(checkpoint.rcId);
  w.Key("gaps");
  w.StartArray();
  for (const auto& g : checkpoint.gaps) {
    w.StartObject();
    w.Key("from");
    w.Int64(g.from);
    w.Key("to");
    w.Int64(g.to);
    w.Key("first_seen_ms");
    w.Int64(g.firstSeenMs);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  const std::string data = std::string(buf.GetString(), buf.GetSize()) + "\n";

  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) ioError("cannot create", tmp);
  try {
    writeAll(fd, data, tmp);
    if (::fsync(fd) != 0) ioError("fsync", tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) ioError("close", tmp);
  if (::rename(tmp.c_str(), path_.c_str()) != 0) ioError("rename to " + path_, tmp);

  const size_t slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path_.substr(0, slash));
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) ioError("cannot open directory " + dir, path_);
  const int rc = ::fsync(dfd);
  ::close(dfd);
  if (rc != 0) ioError("fsync directory " + dir, path_);
}

}  // namespace rcfeed
