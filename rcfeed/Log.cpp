#include "rcfeed/Log.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <ctime>

namespace rcfeed {
namespace {

std::atomic<int> gLevel{static_cast<int>(LogLevel::Info)};
std::mutex gWriteMutex;

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return "error";
    case LogLevel::Warn: return "warn";
    case LogLevel::Info: return "info";
    case LogLevel::Debug: return "debug";
  }
  return "info";
}

std::string timestampNow() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  for (LogLevel l : {LogLevel::Error, LogLevel::Warn, LogLevel::Info, LogLevel::Debug}) {
    if (name == levelName(l)) return l;
  }
  return std::nullopt;
}

void setLogLevel(LogLevel level) { gLevel.store(static_cast<int>(level), std::memory_order_relaxed); }

bool logEnabled(LogLevel level) { return static_cast<int>(level) <= gLevel.load(std::memory_order_relaxed); }

void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (!logEnabled(level)) return;
  try {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    auto str = [&w](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
    w.StartObject();
    w.Key("ts");
    str(timestampNow());
    w.Key("level");
    w.String(levelName(level));
    w.Key("msg");
    str(msg);
    for (const LogField& f : fields) {
      w.Key(f.key.data(), static_cast<rapidjson::SizeType>(f.key.size()));
      switch (f.kind) {
        case LogField::Kind::String: str(f.s); break;
        case LogField::Kind::Signed: w.Int64(f.i); break;
        case LogField::Kind::Unsigned: w.Uint64(f.u); break;
        case LogField::Kind::Double: w.Double(f.d); break;
        case LogField::Kind::Bool: w.Bool(f.b); break;
      }
    }
    w.EndObject();
    std::lock_guard<std::mutex> lock(gWriteMutex);
    std::fwrite(buf.GetString(), 1, buf.GetSize(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
  } catch (...) {
    // Logging must never take the feed down (e.g. out of memory).
  }
}

std::optional<uint64_t> LogRateLimit::allow() {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (last_ && now - *last_ < interval_) {
    ++held_;
    return std::nullopt;
  }
  last_ = now;
  const uint64_t held = held_;
  held_ = 0;
  return held;
}

}  // namespace rcfeed
