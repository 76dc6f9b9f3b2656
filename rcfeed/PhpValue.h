#pragma once
// PhpValue: a PHP value as MediaWiki holds it, so that log_params and feed
// `channel` values keep PHP's semantics through rcfeed: arrays are ordered
// maps whose keys are integers or strings, and json_encode writes an array
// as a JSON list only when its keys are exactly 0..n-1 in order.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include <rapidjson/fwd.h>

namespace rcfeed {

class JsonWriter;
class PhpValue;

using PhpKey = std::variant<int64_t, std::string>;

// The deepest nesting of arrays rcfeed accepts in a PHP value. MediaWiki's
// log parameters nest two or three levels; the limit keeps the recursive
// functions below (fromJson, removeNulls, write, comparison, destruction)
// far from the end of any thread's stack, whatever the input.
constexpr size_t kMaxPhpValueDepth = 64;

// True when `v` has no arrays or objects nested deeper than `maxDepth`
// (a scalar is depth 0, [] and {} are depth 1). Looks no deeper than that.
bool jsonDepthWithin(const rapidjson::Value& v, size_t maxDepth = kMaxPhpValueDepth);

struct PhpArray {
  std::vector<PhpKey> keys;
  std::vector<PhpValue> values;  // values[i] belongs to keys[i]

  size_t size() const { return keys.size(); }
  bool isList() const;
  // PHP assignment semantics: overwrite an existing key in place, else append.
  void set(PhpKey key, PhpValue value);
};

bool operator==(const PhpArray& a, const PhpArray& b);

class PhpValue {
 public:
  using Storage = std::variant<std::monostate, bool, int64_t, double, std::string, PhpArray>;

  PhpValue() = default;
  PhpValue(bool b) : v_(b) {}
  PhpValue(int64_t i) : v_(i) {}
  PhpValue(double d) : v_(d) {}
  PhpValue(std::string s) : v_(std::move(s)) {}
  PhpValue(PhpArray a) : v_(std::move(a)) {}

  bool isNull() const { return std::holds_alternative<std::monostate>(v_); }
  bool isArray() const { return std::holds_alternative<PhpArray>(v_); }
  const PhpArray* array() const { return std::get_if<PhpArray>(&v_); }
  PhpArray* array() { return std::get_if<PhpArray>(&v_); }
  const Storage& storage() const { return v_; }

  // json_decode($json, true): objects become arrays, numeric-string keys
  // become integer keys, big integers become floats. Recursive: `v` must
  // pass jsonDepthWithin.
  static PhpValue fromJson(const rapidjson::Value& v);

  // EventBus::removeNulls: drops null members of every array, recursively.
  void removeNulls();

  // json_encode: lists as [..], other arrays as {..}, empty arrays as [].
  void write(JsonWriter& w) const;

  bool operator==(const PhpValue& o) const;

 private:
  Storage v_;
};

// Builds a PhpArray with PhpArray::set's semantics in linear time: set()
// searches the keys one by one, which is quadratic in the element count of
// an array read from input.
class PhpArrayBuilder {
 public:
  void set(PhpKey key, PhpValue value);
  PhpArray take() { return std::move(array_); }

 private:
  PhpArray array_;
  std::unordered_map<PhpKey, size_t> index_;  // key -> position in array_
};

// PHP's array-key cast: a decimal string without leading zeros or '+'
// that fits in int64 becomes an integer key.
PhpKey phpArrayKey(std::string s);

}  // namespace rcfeed
