// log_params from rc_params (spec 1.8.5).

#include <gtest/gtest.h>

#include "rcfeed/FormatJson.h"
#include "rcfeed/LogParams.h"

namespace rcfeed {
namespace {

std::string derive(std::optional<std::string> rcParams) {
  auto v = logParamsFromRcParams(rcParams);
  if (!v) return "(omitted)";
  std::string out;
  JsonWriter w(out);
  v->write(w);
  return out;
}

TEST(LogParams, FalsyRcParamsOmitTheKey) {
  EXPECT_EQ(derive(std::nullopt), "(omitted)");
  EXPECT_EQ(derive(""), "(omitted)");
  EXPECT_EQ(derive("0"), "(omitted)");
}

TEST(LogParams, KeysLoseTheirIndexAndTypePrefix) {
  // fixtures/mw139-en rc_id 179 (move/move).
  EXPECT_EQ(derive("a:2:{s:9:\"4::target\";s:21:\"Hello World (renamed)\";s:10:\"5::noredir\";s:1:\"0\";}"),
            "{\"target\":\"Hello World (renamed)\",\"noredir\":\"0\"}");
  EXPECT_EQ(derive("a:1:{s:14:\"5:bool:cascade\";b:1;}"), "{\"cascade\":true}");
  EXPECT_EQ(derive("a:1:{s:7:\"4:a:b:c\";i:1;}"), "{\"b:c\":1}");
  EXPECT_EQ(derive("a:1:{s:8:\"sitewide\";b:1;}"), "{\"sitewide\":true}");
  // delete/restore keeps its nested array.
  EXPECT_EQ(derive("a:1:{s:12:\":assoc:count\";a:2:{s:9:\"revisions\";i:2;s:5:\"files\";i:0;}}"),
            "{\"count\":{\"revisions\":2,\"files\":0}}");
}

TEST(LogParams, OneColonKeyBecomesEmptyAndLaterDuplicatesOverwrite) {
  EXPECT_EQ(derive("a:2:{s:5:\"4:foo\";i:1;s:5:\"5:bar\";i:2;}"), "{\"\":2}");
  EXPECT_EQ(derive("a:2:{s:9:\"4::target\";s:1:\"A\";s:9:\"5::target\";s:1:\"B\";}"), "{\"target\":\"B\"}");
}

TEST(LogParams, RewrittenNumericKeysBecomeIntegerKeys) {
  EXPECT_EQ(derive("a:2:{s:4:\"1::0\";s:1:\"a\";s:4:\"2::1\";s:1:\"b\";}"), "[\"a\",\"b\"]");
}

TEST(LogParams, EmptyArrayAndNonArraysGiveAnEmptyList) {
  EXPECT_EQ(derive("a:0:{}"), "[]");
  EXPECT_EQ(derive("b:0;"), "[]");
  EXPECT_EQ(derive("i:5;"), "[]");
  EXPECT_EQ(derive("s:3:\"abc\";"), "[]");
}

TEST(LogParams, LegacyBlobIsSplitOnNewlines) {
  EXPECT_EQ(derive("Target page\n1 week\n"), "[\"Target page\",\"1 week\",\"\"]");
  EXPECT_EQ(derive("single"), "[\"single\"]");
  // Serialized objects are not read; the blob is then legacy text.
  EXPECT_EQ(derive("O:8:\"stdClass\":0:{}"), "[\"O:8:\\\"stdClass\\\":0:{}\"]");
}

}  // namespace
}  // namespace rcfeed
