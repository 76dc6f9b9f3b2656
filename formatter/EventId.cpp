#include "formatter/EventId.h"

#include <Poco/SHA1Engine.h>

#include <ctime>
#include <mutex>
#include <random>

namespace rcfeed {
namespace {

// rcfeed's own namespace UUID for version 5 ids (4f0b6e3a-1d52-5c8e-9a3f-2b77c105d46a).
// Changing it changes every meta.id, so it is fixed forever.
constexpr unsigned char kNamespace[16] = {0x4f, 0x0b, 0x6e, 0x3a, 0x1d, 0x52, 0x5c, 0x8e,
                                          0x9a, 0x3f, 0x2b, 0x77, 0xc1, 0x05, 0xd4, 0x6a};

std::string formatUuid(const unsigned char b[16]) {
  static const char hex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(hex[b[i] >> 4]);
    s.push_back(hex[b[i] & 0xF]);
  }
  return s;
}

std::mt19937_64& rng() {
  static std::mt19937_64 g{std::random_device{}()};
  return g;
}
std::mutex rngMutex;

}  // namespace

std::string eventIdName(const std::string& wikiId, const RecentChange& rc) {
  if (rc.id) return wikiId + "/rc/" + std::to_string(*rc.id);
  if (rc.logId) return wikiId + "/log/" + std::to_string(*rc.logId);
  return {};
}

std::string eventId(const std::string& wikiId, const RecentChange& rc) {
  unsigned char b[16];
  const std::string name = eventIdName(wikiId, rc);
  if (name.empty()) {
    std::lock_guard<std::mutex> lock(rngMutex);
    uint64_t a = rng()(), c = rng()();
    for (int i = 0; i < 8; ++i) {
      b[i] = static_cast<unsigned char>(a >> (8 * i));
      b[8 + i] = static_cast<unsigned char>(c >> (8 * i));
    }
    b[6] = (b[6] & 0x0F) | 0x40;
  } else {
    Poco::SHA1Engine sha1;
    sha1.update(kNamespace, sizeof kNamespace);
    sha1.update(name);
    const auto& digest = sha1.digest();
    for (int i = 0; i < 16; ++i) b[i] = digest[i];
    b[6] = (b[6] & 0x0F) | 0x50;
  }
  b[8] = (b[8] & 0x3F) | 0x80;
  return formatUuid(b);
}

std::string newRequestId() {
  static const char hex[] = "0123456789abcdef";
  std::string s(24, '0');
  std::lock_guard<std::mutex> lock(rngMutex);
  uint64_t a = rng()(), c = rng()();
  for (int i = 0; i < 16; ++i) s[i] = hex[(a >> (4 * i)) & 0xF];
  for (int i = 0; i < 8; ++i) s[16 + i] = hex[(c >> (4 * i)) & 0xF];
  return s;
}

std::string isoTimestamp(int64_t unixSeconds) {
  std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace rcfeed
