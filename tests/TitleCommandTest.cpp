// `rcfeed title` end to end: the built binary, fixture input lines (raw and
// JSON-literal forms), one JSON object per line compared with the records.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "Fixtures.h"

namespace rcfeed {
namespace {

std::string fieldText(const rapidjson::Value& v, const char* key) {
  if (!v.HasMember(key)) return "<missing>";
  const auto& m = v[key];
  if (m.IsNull()) return "null";
  if (m.IsString()) return std::string(m.GetString(), m.GetStringLength());
  if (m.IsBool()) return m.GetBool() ? "true" : "false";
  if (m.IsInt()) return std::to_string(m.GetInt());
  return "<other>";
}

TEST(TitleCommandTest, PrintsOneRecordPerLineLikeTheFixtures) {
  // Every fixture input that is valid UTF-8, written as a JSON literal when it
  // has a character a raw line cannot carry, raw otherwise.
  std::vector<rapidjson::Document> records;
  const std::string inputPath = ::testing::TempDir() + "rcfeed-title-input-" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream in(inputPath, std::ios::binary);
    for (const auto& line : test::readLines("titles/de.jsonl")) {
      rapidjson::Document rec;
      rec.Parse(line.c_str());
      if (!rec["input"].IsString()) continue;
      const std::string input(rec["input"].GetString(), rec["input"].GetStringLength());
      const bool needsJson = input.empty() || input.front() == '"' ||
                             input.find_first_of(std::string("\n\r\0", 3)) != std::string::npos;
      if (needsJson) {
        const size_t start = line.find("\"input\": ") + 9;
        const size_t end = line.find(", \"input_hex\"");
        in << line.substr(start, end - start) << "\n";
      } else {
        in << input << "\n";
      }
      records.push_back(std::move(rec));
    }
  }
  const std::string out = test::commandOutput(std::string(RCFEED_BINARY) + " title --wiki " +
                                     test::fixturePath("titles/siteinfo/de.json") + " " + inputPath);
  std::remove(inputPath.c_str());
  std::vector<std::string> lines;
  for (size_t pos = 0, next; (next = out.find('\n', pos)) != std::string::npos; pos = next + 1)
    lines.push_back(out.substr(pos, next - pos));
  ASSERT_EQ(lines.size(), records.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    rapidjson::Document got;
    got.Parse(lines[i].c_str());
    ASSERT_FALSE(got.HasParseError()) << lines[i];
    for (const char* key : {"input", "valid", "error", "namespace", "prefixed_text", "prefixed_dbkey", "fragment",
                            "interwiki", "canonical_url"})
      EXPECT_EQ(fieldText(got, key), fieldText(records[i], key)) << fieldText(records[i], "id") << " " << key;
  }
}

TEST(TitleCommandTest, WebOptionCleansUpBeforeParsing) {
  const std::string out = test::commandOutput("printf 'Cafe\\314\\201\\nFoo\\377\\n' | " + std::string(RCFEED_BINARY) +
                                     " title --web --wiki " + test::fixturePath("titles/siteinfo/en.json"));
  EXPECT_NE(out.find("\"prefixed_dbkey\":\"Caf\xC3\xA9\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"error\":\"title-invalid-utf8\""), std::string::npos) << out;
}

TEST(TitleCommandTest, MissingWikiIsAUsageError) {
  const std::string out = test::commandOutput(std::string(RCFEED_BINARY) + " title </dev/null 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("--wiki is required"), std::string::npos) << out;
  EXPECT_NE(out.find("exit=2"), std::string::npos) << out;
}

TEST(TitleCommandTest, ALineOfAMillionNestedBracketsIsARawTitle) {
  // Lines are tried as JSON string literals first; deep nesting must not
  // exhaust the stack on the way to "not a string".
  const std::string inputPath = ::testing::TempDir() + "rcfeed-title-deep-" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream in(inputPath, std::ios::binary);
    in << std::string(1000000, '[') << std::string(1000000, ']') << "\n";
  }
  const std::string out = test::commandOutput(std::string(RCFEED_BINARY) + " title --wiki " +
                                     test::fixturePath("titles/siteinfo/en.json") + " <" + inputPath);
  std::remove(inputPath.c_str());
  rapidjson::Document rec;
  rec.Parse(out.data(), out.size());
  ASSERT_FALSE(rec.HasParseError()) << out.substr(0, 200);
  EXPECT_EQ(fieldText(rec, "valid"), "false");
}

}  // namespace
}  // namespace rcfeed
