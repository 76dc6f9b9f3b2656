#include "rcfeed/PhpValue.h"

#include <rapidjson/document.h>

#include <charconv>

#include "rcfeed/FormatJson.h"

namespace rcfeed {

bool PhpArray::isList() const {
  for (size_t i = 0; i < keys.size(); ++i) {
    const int64_t* k = std::get_if<int64_t>(&keys[i]);
    if (!k || *k != static_cast<int64_t>(i)) return false;
  }
  return true;
}

void PhpArray::set(PhpKey key, PhpValue value) {
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) {
      values[i] = std::move(value);
      return;
    }
  }
  keys.push_back(std::move(key));
  values.push_back(std::move(value));
}

void PhpArrayBuilder::set(PhpKey key, PhpValue value) {
  auto [it, added] = index_.try_emplace(key, array_.keys.size());
  if (!added) {
    array_.values[it->second] = std::move(value);
    return;
  }
  array_.keys.push_back(std::move(key));
  array_.values.push_back(std::move(value));
}

PhpKey phpArrayKey(std::string s) {
  if (s.empty() || s.size() > 20) return s;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || (s[i] == '0' && s.size() > i + 1) || (s[0] == '-' && s == "-0")) return s;
  for (size_t j = i; j < s.size(); ++j)
    if (s[j] < '0' || s[j] > '9') return s;
  int64_t v;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return s;
  return v;
}

bool jsonDepthWithin(const rapidjson::Value& v, size_t maxDepth) {
  if (v.IsArray()) {
    if (maxDepth == 0) return false;
    for (const auto& e : v.GetArray())
      if (!jsonDepthWithin(e, maxDepth - 1)) return false;
  } else if (v.IsObject()) {
    if (maxDepth == 0) return false;
    for (const auto& m : v.GetObject())
      if (!jsonDepthWithin(m.value, maxDepth - 1)) return false;
  }
  return true;
}

PhpValue PhpValue::fromJson(const rapidjson::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return {};
    case rapidjson::kFalseType: return PhpValue(false);
    case rapidjson::kTrueType: return PhpValue(true);
    case rapidjson::kStringType: return PhpValue(std::string(v.GetString(), v.GetStringLength()));
    case rapidjson::kNumberType:
      if (v.IsInt64()) return PhpValue(static_cast<int64_t>(v.GetInt64()));
      return PhpValue(v.GetDouble());
    case rapidjson::kArrayType: {
      PhpArray a;
      int64_t i = 0;
      for (const auto& e : v.GetArray()) {
        a.keys.emplace_back(i++);
        a.values.push_back(fromJson(e));
      }
      return PhpValue(std::move(a));
    }
    case rapidjson::kObjectType: {
      PhpArrayBuilder a;
      for (const auto& m : v.GetObject())
        a.set(phpArrayKey(std::string(m.name.GetString(), m.name.GetStringLength())), fromJson(m.value));
      return PhpValue(a.take());
    }
  }
  return {};
}

void PhpValue::removeNulls() {
  PhpArray* a = array();
  if (!a) return;
  size_t out = 0;
  for (size_t i = 0; i < a->keys.size(); ++i) {
    if (a->values[i].isNull()) continue;
    a->values[i].removeNulls();
    if (out != i) {
      a->keys[out] = std::move(a->keys[i]);
      a->values[out] = std::move(a->values[i]);
    }
    ++out;
  }
  a->keys.resize(out);
  a->values.resize(out);
}

void PhpValue::write(JsonWriter& w) const {
  struct Visitor {
    JsonWriter& w;
    void operator()(std::monostate) const { w.null(); }
    void operator()(bool b) const { w.boolean(b); }
    void operator()(int64_t i) const { w.integer(i); }
    void operator()(double d) const { w.number(d); }
    void operator()(const std::string& s) const { w.string(s); }
    void operator()(const PhpArray& a) const {
      if (a.isList()) {
        w.startArray();
        for (const auto& v : a.values) v.write(w);
        w.endArray();
        return;
      }
      w.startObject();
      for (size_t i = 0; i < a.keys.size(); ++i) {
        if (const auto* k = std::get_if<int64_t>(&a.keys[i])) w.key(std::to_string(*k));
        else w.key(std::get<std::string>(a.keys[i]));
        a.values[i].write(w);
      }
      w.endObject();
    }
  };
  std::visit(Visitor{w}, v_);
}

bool operator==(const PhpArray& a, const PhpArray& b) {
  return a.keys == b.keys && a.values == b.values;
}

bool PhpValue::operator==(const PhpValue& o) const { return v_ == o.v_; }

}  // namespace rcfeed
