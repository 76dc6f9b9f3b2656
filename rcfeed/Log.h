#pragma once
// Log: one JSON object per line on stderr, e.g.
//   {"ts":"2026-01-02T03:04:05.678Z","level":"warn","msg":"malformed datagram","sender":"127.0.0.1:4711"}
//
// The level is process-wide (default info); messages below it cost one
// atomic load. Any thread may log: each line is built locally and written
// with one call under a lock, so lines never interleave.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace rcfeed {

enum class LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3 };

// "error", "warn", "info" or "debug"; nullopt for anything else.
std::optional<LogLevel> parseLogLevel(std::string_view name);

void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);

// One key/value pair of a log line; the value keeps its JSON type.
struct LogField {
  enum class Kind { String, Signed, Unsigned, Double, Bool };
  LogField(std::string_view k, std::string_view v) : key(k), kind(Kind::String), s(v) {}
  LogField(std::string_view k, const char* v) : key(k), kind(Kind::String), s(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), kind(Kind::String), s(v) {}
  LogField(std::string_view k, int v) : key(k), kind(Kind::Signed), i(v) {}
  LogField(std::string_view k, long v) : key(k), kind(Kind::Signed), i(v) {}
  LogField(std::string_view k, long long v) : key(k), kind(Kind::Signed), i(v) {}
  LogField(std::string_view k, unsigned v) : key(k), kind(Kind::Unsigned), u(v) {}
  LogField(std::string_view k, unsigned long v) : key(k), kind(Kind::Unsigned), u(v) {}
  LogField(std::string_view k, unsigned long long v) : key(k), kind(Kind::Unsigned), u(v) {}
  LogField(std::string_view k, double v) : key(k), kind(Kind::Double), d(v) {}
  LogField(std::string_view k, bool v) : key(k), kind(Kind::Bool), b(v) {}

  std::string_view key;
  Kind kind;
  std::string_view s;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  bool b = false;
};

// Writes the line if `level` is enabled. Never throws.
void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});

// Lets through at most one message per interval, for errors a flood of bad
// input would otherwise repeat thousands of times a second. allow() returns
// how many calls were held back since the last one let through, or nullopt
// when this call is held back. Thread-safe.
class LogRateLimit {
 public:
  explicit LogRateLimit(std::chrono::milliseconds interval) : interval_(interval) {}
  std::optional<uint64_t> allow();

 private:
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> last_;
  uint64_t held_ = 0;
};

}  // namespace rcfeed
