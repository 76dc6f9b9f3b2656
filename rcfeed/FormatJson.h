#pragma once
// JsonWriter: compact JSON written the way PHP's json_encode does for
// MediaWiki's FormatJson, so rcfeed's bytes equal the wiki's bytes.
//
//   Mode::EventBus   FormatJson::encode with unescaped slashes and unescaped
//                    Unicode (EventBus::serializeEvents, spec 3.6): raw UTF-8,
//                    only U+2028/U+2029 escaped.
//   Mode::RCFeedLine JSONRCFeedFormatter (spec 1.9): every non-ASCII code
//                    point as \uxxxx, and < > & hex-escaped.
//
// RapidJSON's Writer is not used because it escapes control characters with
// upper-case hex and leaves U+2028/U+2029 raw; PHP does neither.
// Invalid UTF-8 in a string makes the whole write fail (ok() turns false),
// as json_encode returns false; the caller decides what to drop.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rcfeed {

class JsonWriter {
 public:
  enum class Mode { EventBus, RCFeedLine };

  explicit JsonWriter(std::string& out, Mode mode = Mode::EventBus) : out_(out), mode_(mode) {}

  void startObject();
  void endObject();
  void startArray();
  void endArray();
  void key(std::string_view k);
  // A key the caller knows needs no escaping (plain ASCII letters, digits,
  // '_', '$'): the formatter's own constant keys, written without a scan.
  void literalKey(std::string_view k);
  void string(std::string_view s);
  void integer(int64_t v);
  void number(double v);
  void boolean(bool v);
  void null();
  // Appends already-encoded JSON as one value (used for pre-serialised parts).
  void raw(std::string_view json);

  // False once any string held invalid UTF-8.
  bool ok() const { return ok_; }

  // Escapes `s` as a JSON string body (no quotes) onto `out`; false on invalid UTF-8.
  static bool escape(std::string& out, std::string_view s, Mode mode);

 private:
  void beforeValue();
  std::string& out_;
  Mode mode_;
  bool ok_ = true;
  // One entry per open container: true once it has a member.
  std::vector<char> hasMember_;
  bool afterKey_ = false;
};

}  // namespace rcfeed
