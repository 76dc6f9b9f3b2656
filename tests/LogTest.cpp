#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "rcfeed/Log.h"

namespace rcfeed {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void TearDown() override { setLogLevel(LogLevel::Info); }
};

TEST_F(LogTest, LineIsOneJsonObjectWithTypedFields) {
  setLogLevel(LogLevel::Info);
  ::testing::internal::CaptureStderr();
  log(LogLevel::Warn, "spool \"full\"", {{"dir", "/var/spool"}, {"bytes", uint64_t{42}}, {"delta", -3}, {"ok", true}});
  const std::string out = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line";
  rapidjson::Document d;
  d.Parse(out.c_str(), out.size() - 1);
  ASSERT_FALSE(d.HasParseError()) << out;
  EXPECT_STREQ(d["level"].GetString(), "warn");
  EXPECT_STREQ(d["msg"].GetString(), "spool \"full\"");
  EXPECT_STREQ(d["dir"].GetString(), "/var/spool");
  EXPECT_EQ(d["bytes"].GetUint64(), 42u);
  EXPECT_EQ(d["delta"].GetInt(), -3);
  EXPECT_TRUE(d["ok"].GetBool());
  EXPECT_TRUE(d["ts"].IsString());
}

TEST_F(LogTest, MessagesBelowTheLevelAreNotWritten) {
  setLogLevel(LogLevel::Warn);
  ::testing::internal::CaptureStderr();
  log(LogLevel::Info, "not shown");
  log(LogLevel::Debug, "not shown either");
  log(LogLevel::Error, "shown");
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.find("not shown"), std::string::npos);
  EXPECT_NE(out.find("\"shown\""), std::string::npos);
  EXPECT_TRUE(logEnabled(LogLevel::Error));
  EXPECT_FALSE(logEnabled(LogLevel::Info));
}

TEST_F(LogTest, LevelNames) {
  EXPECT_EQ(parseLogLevel("error"), LogLevel::Error);
  EXPECT_EQ(parseLogLevel("warn"), LogLevel::Warn);
  EXPECT_EQ(parseLogLevel("info"), LogLevel::Info);
  EXPECT_EQ(parseLogLevel("debug"), LogLevel::Debug);
  EXPECT_FALSE(parseLogLevel("verbose").has_value());
  EXPECT_FALSE(parseLogLevel("").has_value());
}

TEST_F(LogTest, RateLimitHoldsBackAndCountsRepeats) {
  LogRateLimit limit(std::chrono::hours(1));
  EXPECT_EQ(limit.allow(), std::optional<uint64_t>(0));
  EXPECT_FALSE(limit.allow().has_value());
  EXPECT_FALSE(limit.allow().has_value());
  LogRateLimit open(std::chrono::milliseconds(0));
  EXPECT_EQ(open.allow(), std::optional<uint64_t>(0));
  EXPECT_EQ(open.allow(), std::optional<uint64_t>(0));
}

}  // namespace
}  // namespace rcfeed
