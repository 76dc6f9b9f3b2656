#include "rcfeed/PhpUnserialize.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace rcfeed {
namespace {

struct Failure {
  std::string what;
  size_t offset;
};

// The smallest serialized array element: an integer key and a null value ("i:0;N;").
constexpr size_t kMinElementBytes = 6;

class Reader {
 public:
  Reader(std::string_view in, const PhpUnserializeOptions& options) : in_(in), options_(options) {}

  PhpValue readValue(size_t depth) {
    const size_t start = pos_;
    if (pos_ >= in_.size()) fail("truncated input, expected a value");
    const char tag = in_[pos_];
    switch (tag) {
      case 'N':
        ++pos_;
        expect(';');
        return {};
      case 'b': {
        pos_ += 1;
        expect(':');
        const char c = next("truncated boolean");
        if (c != '0' && c != '1') fail("boolean must be 0 or 1", pos_ - 1);
        expect(';');
        return PhpValue(c == '1');
      }
      case 'i': {
        pos_ += 1;
        expect(':');
        const int64_t v = readInt(';');
        return PhpValue(v);
      }
      case 'd': {
        pos_ += 1;
        expect(':');
        return PhpValue(readDouble());
      }
      case 's': {
        pos_ += 1;
        expect(':');
        return PhpValue(readStringBody());
      }
      case 'a':
        pos_ += 1;
        expect(':');
        return PhpValue(readArray(depth + 1, start));
      case 'O':
      case 'C':
        fail("objects are not accepted (PHP serialized object)", start);
      case 'E':
        fail("enums are not accepted (PHP serialized enum)", start);
      case 'r':
      case 'R':
        fail("references are not accepted (PHP serialized reference)", start);
      default:
        fail(std::string("unknown type '") + printable(tag) + "'", start);
    }
  }

  void finish() {
    if (pos_ != in_.size()) fail("unexpected data after the value");
  }

  [[noreturn]] void fail(std::string what) { fail(std::move(what), pos_); }
  [[noreturn]] static void fail(std::string what, size_t at) {
    throw Failure{std::move(what) + " at byte " + std::to_string(at), at};
  }

 private:
  static std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string(1, c);
    static const char* hex = "0123456789abcdef";
    return std::string("\\x") + hex[u >> 4] + hex[u & 15];
  }

  char next(const char* whatIfMissing) {
    if (pos_ >= in_.size()) fail(whatIfMissing);
    return in_[pos_++];
  }

  void expect(char c) {
    if (pos_ >= in_.size()) fail(std::string("truncated input, expected '") + c + "'");
    if (in_[pos_] != c) fail(std::string("expected '") + c + "', found '" + printable(in_[pos_]) + "'");
    ++pos_;
  }

  // Digits with an optional sign, then `terminator`.
  int64_t readInt(char terminator) {
    const size_t start = pos_;
    size_t end = pos_;
    if (end < in_.size() && (in_[end] == '-' || in_[end] == '+')) ++end;
    while (end < in_.size() && in_[end] >= '0' && in_[end] <= '9') ++end;
    const char* first = in_.data() + start + (start < in_.size() && in_[start] == '+' ? 1 : 0);
    int64_t v = 0;
    auto r = std::from_chars(first, in_.data() + end, v);
    if (r.ec == std::errc::result_out_of_range) fail("integer out of range", start);
    if (r.ec != std::errc() || r.ptr != in_.data() + end) fail("expected an integer", start);
    pos_ = end;
    expect(terminator);
    return v;
  }

  double readDouble() {
    const size_t start = pos_;
    const size_t semi = in_.find(';', pos_);
    if (semi == std::string_view::npos) fail("truncated float");
    const std::string_view text = in_.substr(pos_, semi - pos_);
    double v = 0;
    if (text == "INF") {
      v = std::numeric_limits<double>::infinity();
    } else if (text == "-INF") {
      v = -std::numeric_limits<double>::infinity();
    } else if (text == "NAN") {
      v = std::numeric_limits<double>::quiet_NaN();
    } else {
      const char* first = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
      auto r = std::from_chars(first, text.data() + text.size(), v);
      if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
        fail("expected a float", start);
    }
    pos_ = semi + 1;
    return v;
  }

  // <len>:"<len bytes>";  (after "s:")
  std::string readStringBody() {
    const size_t lenAt = pos_;
    const int64_t len = readInt(':');
    if (len < 0) fail("negative string length", lenAt);
    // The bytes plus the two quotes and ';' must still be there.
    if (static_cast<uint64_t>(len) > in_.size() - pos_ || in_.size() - pos_ - static_cast<size_t>(len) < 3)
      fail("string length " + std::to_string(len) + " exceeds the remaining input", lenAt);
    expect('"');
    std::string s(in_.substr(pos_, static_cast<size_t>(len)));
    pos_ += static_cast<size_t>(len);
    if (in_[pos_] != '"') fail("string is longer than its declared length " + std::to_string(len));
    ++pos_;
    expect(';');
    return s;
  }

  PhpArray readArray(size_t depth, size_t start) {
    if (depth > options_.maxDepth)
      fail("arrays nested deeper than " + std::to_string(options_.maxDepth), start);
    const size_t countAt = pos_;
    const int64_t count = readInt(':');
    if (count < 0) fail("negative element count", countAt);
    if (static_cast<uint64_t>(count) > (in_.size() - pos_) / kMinElementBytes)
      fail("element count " + std::to_string(count) + " exceeds the remaining input", countAt);
    expect('{');
    PhpArrayBuilder a;
    for (int64_t i = 0; i < count; ++i) {
      const size_t keyAt = pos_;
      if (pos_ >= in_.size()) fail("truncated array, " + std::to_string(count - i) + " element(s) missing");
      PhpKey key;
      if (in_[pos_] == 'i') {
        ++pos_;
        expect(':');
        key = readInt(';');
      } else if (in_[pos_] == 's') {
        ++pos_;
        expect(':');
        key = phpArrayKey(readStringBody());
      } else if (in_[pos_] == '}') {
        fail("array has fewer elements than its declared count " + std::to_string(count));
      } else {
        fail("array key must be an integer or a string", keyAt);
      }
      PhpValue value = readValue(depth);
      a.set(std::move(key), std::move(value));
    }
    if (pos_ < in_.size() && in_[pos_] != '}')
      fail("array has more elements than its declared count " + std::to_string(count));
    expect('}');
    return a.take();
  }

  std::string_view in_;
  const PhpUnserializeOptions& options_;
  size_t pos_ = 0;
};

}  // namespace

PhpUnserializeResult phpUnserialize(std::string_view input, const PhpUnserializeOptions& options) {
  PhpUnserializeResult result;
  Reader reader(input, options);
  try {
    if (input.empty()) Reader::fail("empty input", 0);
    result.value = reader.readValue(0);
    reader.finish();
    result.ok = true;
  } catch (const Failure& f) {
    result.error = f.what;
    result.offset = f.offset;
    result.value = PhpValue();
  }
  return result;
}

}  // namespace rcfeed
