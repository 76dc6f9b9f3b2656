// The PHP unserialize() reader: the forms MediaWiki stores, and hostile input
// that must end in a clear error naming the byte offset, never a crash.

#include <gtest/gtest.h>

#include <cmath>

#include "rcfeed/FormatJson.h"
#include "rcfeed/PhpUnserialize.h"

namespace rcfeed {
namespace {

std::string json(const PhpValue& v) {
  std::string out;
  JsonWriter w(out);
  v.write(w);
  return out;
}

PhpValue ok(std::string_view in) {
  auto r = phpUnserialize(in);
  EXPECT_TRUE(r.ok) << in << ": " << r.error;
  return r.value;
}

std::string error(std::string_view in) {
  auto r = phpUnserialize(in);
  EXPECT_FALSE(r.ok) << in;
  return r.error;
}

TEST(PhpUnserialize, Scalars) {
  EXPECT_TRUE(ok("N;").isNull());
  EXPECT_EQ(ok("b:0;"), PhpValue(false));
  EXPECT_EQ(ok("b:1;"), PhpValue(true));
  EXPECT_EQ(ok("i:-42;"), PhpValue(int64_t{-42}));
  EXPECT_EQ(ok("i:9223372036854775807;"), PhpValue(int64_t{9223372036854775807}));
  EXPECT_EQ(ok("d:0.5;"), PhpValue(0.5));
  EXPECT_EQ(ok("d:-1.0E+25;"), PhpValue(-1.0e25));
  EXPECT_TRUE(std::isinf(std::get<double>(ok("d:INF;").storage())));
  EXPECT_TRUE(std::isnan(std::get<double>(ok("d:NAN;").storage())));
}

TEST(PhpUnserialize, StringLengthsAreBytesNotCharacters) {
  EXPECT_EQ(ok("s:6:\"\xCE\x91\xCE\xB8\xCE\xB7\";"), PhpValue(std::string("\xCE\x91\xCE\xB8\xCE\xB7")));
  EXPECT_EQ(ok("s:4:\"a\"b;\";"), PhpValue(std::string("a\"b;")));
  EXPECT_EQ(ok("s:0:\"\";"), PhpValue(std::string()));
  EXPECT_NE(error("s:3:\"\xCE\x91\xCE\xB8\xCE\xB7\";").find("longer than its declared length"), std::string::npos);
}

TEST(PhpUnserialize, NestedArraysKeepOrderAndKeyKinds) {
  // MediaWiki's delete/restore parameters.
  PhpValue v = ok("a:1:{s:12:\":assoc:count\";a:2:{s:9:\"revisions\";i:1;s:5:\"files\";i:0;}}");
  EXPECT_EQ(json(v), "{\":assoc:count\":{\"revisions\":1,\"files\":0}}");
  // Numeric string keys become integer keys, as in PHP.
  PhpValue list = ok("a:2:{s:1:\"0\";s:1:\"a\";i:1;s:1:\"b\";}");
  EXPECT_EQ(json(list), "[\"a\",\"b\"]");
  EXPECT_EQ(json(ok("a:0:{}")), "[]");
}

TEST(PhpUnserialize, RefusesObjectsAndReferencesByName) {
  EXPECT_NE(error("O:8:\"stdClass\":0:{}").find("objects are not accepted"), std::string::npos);
  EXPECT_NE(error("C:3:\"Foo\":0:{}").find("objects are not accepted"), std::string::npos);
  EXPECT_NE(error("a:2:{i:0;i:1;i:1;r:2;}").find("references are not accepted (PHP serialized reference) at byte 17"), std::string::npos);
  EXPECT_NE(error("a:1:{i:0;R:1;}").find("references are not accepted"), std::string::npos);
}

TEST(PhpUnserialize, RefusesNestingDeeperThanTheLimit) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "a:1:{i:0;";
  const std::string e = error(deep);
  EXPECT_NE(e.find("nested deeper than 64"), std::string::npos) << e;

  std::string fits;
  for (int i = 0; i < 64; ++i) fits += "a:1:{i:0;";
  fits += "N;";
  for (int i = 0; i < 64; ++i) fits += "}";
  EXPECT_TRUE(phpUnserialize(fits).ok);
}

TEST(PhpUnserialize, HugeDeclaredLengthsAreCheckedBeforeAllocating) {
  EXPECT_EQ(error("s:999999999:\"abc\";"), "string length 999999999 exceeds the remaining input at byte 2");
  EXPECT_NE(error("s:99999999999999999999:\"\";").find("integer out of range at byte 2"), std::string::npos);
  EXPECT_NE(error("a:999999999:{}").find("element count 999999999 exceeds the remaining input"), std::string::npos);
  EXPECT_NE(error("s:-1:\"\";").find("negative string length"), std::string::npos);
}

TEST(PhpUnserialize, TruncatedInputNamesWhereItEnded) {
  EXPECT_NE(error("").find("empty input"), std::string::npos);
  EXPECT_NE(error("i:12").find("at byte 4"), std::string::npos);
  EXPECT_NE(error("s:5:\"abc").find("exceeds the remaining input"), std::string::npos);
  EXPECT_NE(error("a:2:{i:0;s:5:\"hello\";i:1;").find("truncated input, expected a value at byte 25"),
            std::string::npos);
  EXPECT_NE(error("b:").find("truncated"), std::string::npos);
}

TEST(PhpUnserialize, WrongElementCountsAreErrors) {
  EXPECT_NE(error("a:2:{i:0;s:5:\"hello\";}").find("fewer elements than its declared count 2 at byte 21"),
            std::string::npos);
  EXPECT_NE(error("a:2:{i:0;i:1;}").find("element count 2 exceeds the remaining input"), std::string::npos);
  EXPECT_NE(error("a:1:{i:0;i:1;i:1;i:2;}").find("more elements than its declared count 1"), std::string::npos);
}

TEST(PhpUnserialize, MalformedTokensAreErrors) {
  EXPECT_NE(error("b:2;").find("boolean must be 0 or 1 at byte 2"), std::string::npos);
  EXPECT_NE(error("i:1x;").find("expected ';', found 'x' at byte 3"), std::string::npos);
  EXPECT_NE(error("i:x;").find("expected an integer at byte 2"), std::string::npos);
  EXPECT_NE(error("d:abc;").find("expected a float"), std::string::npos);
  EXPECT_NE(error("x:1;").find("unknown type 'x' at byte 0"), std::string::npos);
  EXPECT_NE(error("a:1:{d:0.5;i:1;}").find("array key must be an integer or a string"), std::string::npos);
  EXPECT_NE(error("i:1;junk").find("unexpected data after the value at byte 4"), std::string::npos);
  EXPECT_NE(error("move\nTarget").find("unknown type 'm'"), std::string::npos);
}

}  // namespace
}  // namespace rcfeed
