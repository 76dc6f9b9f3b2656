#include "rcfeed/FormatJson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <unicode/utf8.h>


namespace rcfeed {

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (!hasMember_.empty()) {
    if (hasMember_.back()) out_.push_back(',');
    hasMember_.back() = 1;
  }
}

void JsonWriter::startObject() {
  beforeValue();
  out_.push_back('{');
  hasMember_.push_back(0);
}

void JsonWriter::endObject() {
  out_.push_back('}');
  hasMember_.pop_back();
}

void JsonWriter::startArray() {
  beforeValue();
  out_.push_back('[');
  hasMember_.push_back(0);
}

void JsonWriter::endArray() {
  out_.push_back(']');
  hasMember_.pop_back();
}

void JsonWriter::key(std::string_view k) {
  beforeValue();
  out_.push_back('"');
  if (!escape(out_, k, mode_)) ok_ = false;
  out_.append("\":");
  afterKey_ = true;
}

void JsonWriter::literalKey(std::string_view k) {
  beforeValue();
  out_.push_back('"');
  out_.append(k);
  out_.append("\":");
  afterKey_ = true;
}

void JsonWriter::string(std::string_view s) {
  beforeValue();
  out_.push_back('"');
  if (!escape(out_, s, mode_)) ok_ = false;
  out_.push_back('"');
}

void JsonWriter::integer(int64_t v) {
  beforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::number(double v) {
  beforeValue();
  if (!std::isfinite(v)) {  // json_encode fails on INF/NAN
    ok_ = false;
    out_.push_back('0');
    return;
  }
  // serialize_precision = -1: shortest round-trip form; PHP writes
  // exponents as 1.0e+20 where to_chars gives 1e+20.
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string_view s(buf, r.ptr - buf);
  auto e = s.find('e');
  if (e != std::string_view::npos && s.substr(0, e).find('.') == std::string_view::npos) {
    out_.append(s.substr(0, e));
    out_.append(".0");
    out_.append(s.substr(e));
  } else {
    out_.append(s);
  }
}

void JsonWriter::boolean(bool v) {
  beforeValue();
  out_.append(v ? "true" : "false");
}

void JsonWriter::null() {
  beforeValue();
  out_.append("null");
}

void JsonWriter::raw(std::string_view json) {
  beforeValue();
  out_.append(json);
}

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighBits = 0x8080808080808080ULL;

constexpr uint64_t hasByte(uint64_t w, unsigned char c) {
  const uint64_t x = w ^ (kOnes * c);
  return (x - kOnes) & ~x & kHighBits;
}

// Whether eight bytes can be copied as they are: printable ASCII other than
// '"' and '\\' (and < > & for RCFeedLine). Most of an event is such text, so
// the escaper skips it a word at a time.
bool plainWord(uint64_t w, bool asciiOnly) {
  const uint64_t control = (w - kOnes * 0x20) & ~w & kHighBits;
  uint64_t special = (w & kHighBits) | control | hasByte(w, '"') | hasByte(w, '\\');
  if (asciiOnly) special |= hasByte(w, '<') | hasByte(w, '>') | hasByte(w, '&');
  return special == 0;
}

bool plainByte(unsigned char c, bool asciiOnly) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && !(asciiOnly && (c == '<' || c == '>' || c == '&'));
}

}  // namespace

bool JsonWriter::escape(std::string& out, std::string_view s, Mode mode) {
  static const char hex[] = "0123456789abcdef";
  const bool asciiOnly = mode == Mode::RCFeedLine;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  const auto* run = p;  // start of bytes that need no escaping
  auto flush = [&](const unsigned char* upto) {
    out.append(reinterpret_cast<const char*>(run), upto - run);
  };
  while (p < end) {
    for (uint64_t w; end - p >= 8; p += 8) {
      std::memcpy(&w, p, 8);
      if (!plainWord(w, asciiOnly)) break;
    }
    while (p < end && plainByte(*p, asciiOnly)) ++p;
    if (p == end) break;
    unsigned char c = *p;
    if (c < 0x80) {
      flush(p);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '<': out.append("\\u003C"); break;
        case '>': out.append("\\u003E"); break;
        case '&': out.append("\\u0026"); break;
        default:
          out.append("\\u00");
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 0xF]);
      }
      ++p;
      run = p;
      continue;
    }
    // ICU's U8_NEXT, inline: the same validity rules as decodeUtf8. In
    // EventBus mode a run of non-ASCII text stays raw, so it is only checked
    // here, a code point at a time, until it ends or needs an escape.
    int32_t i = 0, last = 0;  // last: where the code point in cp starts
    const int32_t length = static_cast<int32_t>(std::min<ptrdiff_t>(end - p, INT32_MAX));
    UChar32 cp;
    U8_NEXT(p, i, length, cp);
    if (cp < 0) return false;
    while (!asciiOnly && cp != 0x2028 && cp != 0x2029 && i < length && p[i] >= 0x80) {
      last = i;
      U8_NEXT(p, i, length, cp);
      if (cp < 0) return false;
    }
    if (cp == 0x2028 || cp == 0x2029 || asciiOnly) {
      flush(p + last);
      auto put16 = [&](unsigned u) {
        out.append("\\u");
        out.push_back(hex[(u >> 12) & 0xF]);
        out.push_back(hex[(u >> 8) & 0xF]);
        out.push_back(hex[(u >> 4) & 0xF]);
        out.push_back(hex[u & 0xF]);
      };
      if (cp >= 0x10000) {
        unsigned v = cp - 0x10000;
        put16(0xD800 + (v >> 10));
        put16(0xDC00 + (v & 0x3FF));
      } else {
        put16(cp);
      }
      p += i;
      run = p;
    } else {
      p += i;
    }
  }
  flush(p);
  return true;
}

}  // namespace rcfeed
