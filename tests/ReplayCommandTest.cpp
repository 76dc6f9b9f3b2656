// `rcfeed replay` as a user runs it: the built binary, a config file, a file:// sink.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "EventGateStub.h"
#include "Fixtures.h"
#include "TempDir.h"

namespace rcfeed {
namespace {

struct CommandResult {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ReplayCommandTest : public ::testing::Test {
 protected:
  std::string writeConfig(const std::string& url, const std::string& feedExtra = "") {
    return dir.write("rcfeed.json",
                     R"({"wiki":")" + test::fixturePath("mw139-en/siteinfo.json") +
                         R"(","RCFeeds":{"main":{"class":"EventBusRCFeedEngine","retry_initial_ms":1,"retry_max_ms":5)" +
                         feedExtra + R"(}},"EventServices":{"sink":{"url":")" + url +
                         R"("}},"EventServiceDefault":"sink","EnableEventBus":"TYPE_EVENT"})");
  }

  CommandResult replay(const std::string& args) {
    CommandResult r;
    const std::string out = dir.path() + "/stdout", err = dir.path() + "/stderr";
    const std::string cmd = std::string(RCFEED_BINARY) + " replay " + args + " >" + out + " 2>" + err + " </dev/null";
    int raw = std::system(cmd.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  test::TempDir dir;
};

TEST_F(ReplayCommandTest, SendsEveryFixtureChangeToAFileSink) {
  const std::string sink = dir.path() + "/events.jsonl";
  CommandResult r = replay("--config " + writeConfig("file://" + sink) + " " + test::fixturePath("mw139-en/udp-json.jsonl"));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  std::istringstream lines(slurp(sink));
  size_t n = 0;
  for (std::string l; std::getline(lines, l);) ++n;
  EXPECT_EQ(n, 320u);
  EXPECT_NE(r.out.find("accepted        320\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rejected        0\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");  // not a terminal: no progress bar
}

TEST_F(ReplayCommandTest, MalformedLineIsReportedAndTheExitStatusIsOne) {
  const auto lines = test::readLines("mw139-en/udp-json.jsonl");
  const std::string input = dir.write("in.jsonl", lines[0] + "\nnot json\n" + lines[1] + "\n");
  CommandResult r = replay("--config " + writeConfig("file://" + dir.path() + "/events.jsonl") + " " + input);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(input + ":2: skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("malformed       1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accepted        2\n"), std::string::npos) << r.out;
}

TEST_F(ReplayCommandTest, UnreachableServiceEndsAfterMaxAttemptsWithStatusOne) {
  const std::string url = "http://127.0.0.1:" + std::to_string(test::refusedPort()) + "/v1/events";
  const auto lines = test::readLines("mw139-en/udp-json.jsonl");
  const std::string input = dir.write("in.jsonl", lines[0] + "\n");
  CommandResult r = replay("--max-attempts 2 --config " + writeConfig(url) + " " + input);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("failed          1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gave up after 2 attempts: connection refused"), std::string::npos) << r.out;
}

TEST_F(ReplayCommandTest, RejectionsAreSummarisedWithTheirReasons) {
  test::EventGateStub stub;
  const auto lines = test::readLines("mw139-en/udp-json.jsonl");
  const std::string input = dir.write("in.jsonl", lines[0] + "\n" + lines[1] + "\n");
  CommandResult r = replay("--config " + writeConfig(stub.url("/400"), R"(,"dead_letter":"dead.jsonl")") + " " + input);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("rejected        2\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("must have required property"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dead-lettered   2\n"), std::string::npos) << r.out;
}

TEST_F(ReplayCommandTest, UnknownFeedIsAUsageError) {
  CommandResult r = replay("--feed nope --config " + writeConfig("file://" + dir.path() + "/e.jsonl") + " " +
                 test::fixturePath("mw139-en/udp-json.jsonl"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no RCFeeds entry named 'nope'"), std::string::npos) << r.err;
}

TEST_F(ReplayCommandTest, BadConfigNamesFileKeyAndReason) {
  const std::string cfg = dir.write("bad.json", R"({"RCFeeds":{}})");
  CommandResult r = replay("--config " + cfg + " " + test::fixturePath("mw139-en/udp-json.jsonl"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(cfg + ": EventServices: missing"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rcfeed
