#include "formatter/EventId.h"

#include <openssl/evp.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>

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

namespace {

// "<wiki>/rc/<n>" or "<wiki>/log/<n>" after the namespace bytes, the input of
// the version 5 hash, built in place: meta.id is computed for every event.
size_t eventIdInput(const std::string& wikiId, const RecentChange& rc, std::string& buf) {
  const char* kind;
  int64_t n;
  if (rc.id) {
    kind = "/rc/";
    n = *rc.id;
  } else if (rc.logId) {
    kind = "/log/";
    n = *rc.logId;
  } else {
    return 0;
  }
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof digits, n);
  buf.assign(reinterpret_cast<const char*>(kNamespace), sizeof kNamespace);
  buf.append(wikiId).append(kind).append(digits, r.ptr);
  return buf.size() - sizeof kNamespace;
}

}  // namespace

std::string eventIdName(const std::string& wikiId, const RecentChange& rc) {
  std::string buf;
  if (!eventIdInput(wikiId, rc, buf)) return {};
  return buf.substr(sizeof kNamespace);
}

std::string eventId(const std::string& wikiId, const RecentChange& rc) {
  unsigned char b[16];
  thread_local std::string input;
  if (!eventIdInput(wikiId, rc, input)) {
    std::lock_guard<std::mutex> lock(rngMutex);
    uint64_t a = rng()(), c = rng()();
    for (int i = 0; i < 8; ++i) {
      b[i] = static_cast<unsigned char>(a >> (8 * i));
      b[8 + i] = static_cast<unsigned char>(c >> (8 * i));
    }
    b[6] = (b[6] & 0x0F) | 0x40;
  } else {
    // OpenSSL's SHA-1 uses the CPU's SHA extensions where present. The
    // algorithm is fetched once: OpenSSL 3 looks it up on every one-shot call.
    static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!sha1 || !ctx || !EVP_DigestInit_ex2(ctx.get(), sha1, nullptr) ||
        !EVP_DigestUpdate(ctx.get(), input.data(), input.size()) || !EVP_DigestFinal_ex(ctx.get(), digest, &length))
      throw std::runtime_error("meta.id: OpenSSL cannot compute SHA-1");
    std::memcpy(b, digest, sizeof b);
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
  // Four-digit years are written from the calendar arithmetic of <chrono>;
  // strftime, which is several times slower, handles the rest.
  constexpr int64_t kYear1000 = -30610224000, kYear10000 = 253402300800;
  if (unixSeconds < kYear1000 || unixSeconds >= kYear10000) {
    std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
  }
  using namespace std::chrono;
  const sys_seconds t{seconds{unixSeconds}};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  std::string s = "0000-00-00T00:00:00Z";
  auto put = [&s](size_t at, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) s[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, static_cast<unsigned>(hms.hours().count()), 2);
  put(14, static_cast<unsigned>(hms.minutes().count()), 2);
  put(17, static_cast<unsigned>(hms.seconds().count()), 2);
  return s;
}

}  // namespace rcfeed
