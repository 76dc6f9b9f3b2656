// JsonWriter must write the bytes PHP's json_encode writes (spec 1.9, 3.6).

#include <gtest/gtest.h>

#include <vector>

#include "rcfeed/FormatJson.h"

namespace rcfeed {
namespace {

std::string encode(std::string_view s, JsonWriter::Mode mode) {
  std::string out;
  JsonWriter w(out, mode);
  w.string(s);
  EXPECT_TRUE(w.ok());
  return out;
}

TEST(FormatJson, EventBusKeepsUnicodeRawAndSlashesUnescaped) {
  EXPECT_EQ(encode("Caf\xC3\xA9 a/b <&>", JsonWriter::Mode::EventBus), "\"Caf\xC3\xA9 a/b <&>\"");
}

TEST(FormatJson, EventBusEscapesLineAndParagraphSeparators) {
  EXPECT_EQ(encode("a\xE2\x80\xA8" "b\xE2\x80\xA9", JsonWriter::Mode::EventBus), "\"a\\u2028b\\u2029\"");
}

TEST(FormatJson, SeparatorsInsideRunsOfNonAsciiTextAreEscaped) {
  EXPECT_EQ(encode("\xC3\xA9\xE2\x80\xA8\xC3\xA9\xE4\xB8\xAD\xE2\x80\xA9", JsonWriter::Mode::EventBus),
            "\"\xC3\xA9\\u2028\xC3\xA9\xE4\xB8\xAD\\u2029\"");
  EXPECT_EQ(encode("\xF0\x9F\x98\x80\xE2\x80\xA8x", JsonWriter::Mode::EventBus), "\"\xF0\x9F\x98\x80\\u2028x\"");
}

TEST(FormatJson, ControlCharactersUseShortFormsOrLowerCaseHex) {
  EXPECT_EQ(encode("\b\f\n\r\t\x01\x1f\x7f", JsonWriter::Mode::EventBus), "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
}

TEST(FormatJson, RCFeedLineEscapesNonAsciiAndTagsLikeJsonRCFeedFormatter) {
  EXPECT_EQ(encode("\xC3\xA9<>&\xF0\x9F\x98\x80'", JsonWriter::Mode::RCFeedLine),
            "\"\\u00e9\\u003C\\u003E\\u0026\\ud83d\\ude00'\"");
}

TEST(FormatJson, InvalidUtf8FailsTheWrite) {
  std::string out;
  JsonWriter w(out);
  w.string("ok");
  EXPECT_TRUE(w.ok());
  w.string("bad \xC3(");
  EXPECT_FALSE(w.ok());
}

TEST(FormatJson, ContainersGetCommasAndIntegralFloatsLoseTheirFraction) {
  std::string out;
  JsonWriter w(out);
  w.startObject();
  w.key("a");
  w.startArray();
  w.integer(1);
  w.number(2.0);
  w.number(0.5);
  w.endArray();
  w.key("b");
  w.null();
  w.key("c");
  w.number(1e20);
  w.endObject();
  EXPECT_EQ(out, "{\"a\":[1,2,0.5],\"b\":null,\"c\":1.0e+20}");
}

// Escaping is per character, so a long string escapes to the escapes of its
// characters laid end to end, wherever a special character falls relative to
// the eight-byte words the escaper skips over.
TEST(FormatJson, LongStringsEscapeLikeTheirCharactersOneByOne) {
  const std::vector<std::string> specials = {"\"", "\\", "\n", "\x01", "\x1f", "<", ">", "&", "\x7f",
                                             "\xC3\xA9", "\xE2\x80\xA8", "\xF0\x9F\x98\x80", "/"};
  for (auto mode : {JsonWriter::Mode::EventBus, JsonWriter::Mode::RCFeedLine}) {
    for (const auto& special : specials) {
      for (size_t at = 0; at < 20; ++at) {
        std::vector<std::string> chars(24, "x");
        chars[at] = special;
        chars[23 - at / 2] = special;
        std::string whole, expected;
        for (const auto& c : chars) {
          whole += c;
          ASSERT_TRUE(JsonWriter::escape(expected, c, mode));
        }
        std::string got;
        ASSERT_TRUE(JsonWriter::escape(got, whole, mode));
        EXPECT_EQ(got, expected) << "special " << at;
      }
    }
  }
}

TEST(FormatJson, InvalidUtf8FailsAfterALongAsciiRun) {
  std::string out;
  EXPECT_FALSE(JsonWriter::escape(out, "abcdefghijklmnopqrstuvwxyz \xE2\x80", JsonWriter::Mode::EventBus));
  EXPECT_FALSE(JsonWriter::escape(out, "abcdefghijklmnop\xED\xA0\x80qrstuvwx", JsonWriter::Mode::EventBus));
}

}  // namespace
}  // namespace rcfeed
