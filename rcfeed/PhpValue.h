#pragma once
// PhpValue: a PHP value as MediaWiki holds it, so that log_params and feed
// `channel` values keep PHP's semantics through rcfeed: arrays are ordered
// maps whose keys are integers or strings, and json_encode writes an array
// as a JSON list only when its keys are exactly 0..n-1 in order.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <rapidjson/fwd.h>

namespace rcfeed {

class JsonWriter;
class PhpValue;

using PhpKey = std::variant<int64_t, std::string>;

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
  // become integer keys, big integers become floats.
  static PhpValue fromJson(const rapidjson::Value& v);

  // EventBus::removeNulls: drops null members of every array, recursively.
  void removeNulls();

  // json_encode: lists as [..], other arrays as {..}, empty arrays as [].
  void write(JsonWriter& w) const;

  bool operator==(const PhpValue& o) const;

 private:
  Storage v_;
};

// PHP's array-key cast: a decimal string without leading zeros or '+'
// that fits in int64 becomes an integer key.
PhpKey phpArrayKey(std::string s);

}  // namespace rcfeed
