#include "formatter/IPUtils.h"

#include <cctype>
#include <vector>

namespace rcfeed {
namespace {

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// RE_IP_BYTE: 25[0-5]|2[0-4][0-9]|1[0-9][0-9]|0?[0-9]?[0-9]
bool isIPv4Byte(std::string_view s) {
  if (!allDigits(s) || s.size() > 3) return false;
  if (s.size() < 3 || s[0] == '0') return true;
  return std::stoi(std::string(s)) <= 255;
}

// A decimal with no leading zero, at most `max`.
bool isPrefix(std::string_view s, int max) {
  if (!allDigits(s) || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return false;
  return std::stoi(std::string(s)) <= max;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

bool isIPv4Address(std::string_view s) {
  const auto parts = split(s, '.');
  if (parts.size() != 4) return false;
  for (auto p : parts)
    if (!isIPv4Byte(p)) return false;
  return true;
}

bool isIPv6Word(std::string_view w) {
  if (w.empty() || w.size() > 4) return false;
  for (char c : w)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

size_t countWords(std::string_view s, bool& ok) {
  if (s.empty()) return 0;
  const auto words = split(s, ':');
  for (auto w : words)
    if (!isIPv6Word(w)) ok = false;
  return words.size();
}

// RE_IPV6_ADD: eight words, or one "::" standing for at least one zero word.
bool isIPv6Address(std::string_view s) {
  const size_t gap = s.find("::");
  bool ok = true;
  if (gap == std::string_view::npos) return countWords(s, ok) == 8 && ok;
  const std::string_view left = s.substr(0, gap), right = s.substr(gap + 2);
  if (right.find("::") != std::string_view::npos) return false;
  const size_t words = countWords(left, ok) + countWords(right, ok);
  return ok && words <= 7;
}

bool isIPv4(std::string_view s) {
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return isIPv4Address(s);
  return isIPv4Address(s.substr(0, slash)) && isPrefix(s.substr(slash + 1), 32);
}

bool isIPv6(std::string_view s) {
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return isIPv6Address(s);
  return isIPv6Address(s.substr(0, slash)) && isPrefix(s.substr(slash + 1), 128);
}

std::string_view trimPhp(std::string_view s) {
  const char* ws = " \t\n\r\v";
  const auto isWs = [&](char c) { return c == '\0' || std::string_view(ws).find(c) != std::string_view::npos; };
  while (!s.empty() && isWs(s.front())) s.remove_prefix(1);
  while (!s.empty() && isWs(s.back())) s.remove_suffix(1);
  return s;
}

// Drops leading zeros from each run of digits that starts the string or
// follows `sep`, keeping at least one digit.
std::string dropLeadingZeros(std::string_view s, char sep, size_t end) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const bool blockStart = i < end && (i == 0 || s[i - 1] == sep);
    if (blockStart) {
      size_t j = i;
      while (j < end && s[j] == '0') ++j;
      const bool moreHere = j < end && s[j] != sep && s[j] != '/';
      if (j > i && !moreHere) --j;  // keep one zero
      i = j;
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

bool isIPAddress(std::string_view s) { return isIPv4(s) || isIPv6(s); }

std::string sanitizeIP(std::string_view input) {
  const std::string_view ip = trimPhp(input);
  if (!isIPAddress(ip)) return std::string(ip);
  const size_t slash = ip.find('/');
  const size_t addressEnd = slash == std::string_view::npos ? ip.size() : slash;
  if (isIPv4(ip)) return dropLeadingZeros(ip, '.', addressEnd);

  std::string up(ip);
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const size_t gap = up.find("::");
  if (gap != std::string::npos) {
    // IPUtils pads by counting every ':' in the string, prefix included.
    size_t colons = 0;
    for (char c : up) colons += c == ':';
    std::string repeat, extra;
    size_t pad;
    if (gap == 0) {
      repeat = "0:";
      extra = up == "::" ? "0" : "";
      pad = 9;
    } else if (gap + 2 == addressEnd) {
      repeat = ":0";
      pad = 9;
    } else {
      repeat = ":0";
      extra = ":";
      pad = 8;
    }
    std::string fill;
    for (size_t k = colons; k < pad; ++k) fill += repeat;
    up = up.substr(0, gap) + fill + extra + up.substr(gap + 2);
  }
  const size_t end = up.find('/');
  return dropLeadingZeros(up, ':', end == std::string::npos ? up.size() : end);
}

}  // namespace rcfeed
