// The hostile-input corpus in tests/bad-input/: every case gives its own
// error (a substring of the message) or, when it has no "error", is accepted;
// and `rcfeed format` keeps serving through the whole UDP corpus.
//
// Corpus format, one JSON object per line:
//   "note"          what the case is
//   "input"         the input as a string, or
//   "input_hex"     the input's bytes in hex (for bytes that are not UTF-8)
//   "repeat"        optional {"MARKER": ["text", count], ...}: each MARKER in
//                   the input becomes `text` repeated `count` times, with
//                   "{n}" in `text` replaced by the repetition's number
//   "truncate"      optional: the input is cut to this many bytes (after
//                   "repeat")
//   "error"         a substring of the error the case must give; absent when
//                   the input must be accepted
//   "replaced_utf8" (udp-lines, udp-datagrams) invalid UTF-8 sequences the
//                   reader replaces and counts, 0 when absent

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>

#include <Poco/Net/DatagramSocket.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "Fixtures.h"
#include "TempDir.h"
#include "rcfeed/Config.h"
#include "rcfeed/JsonRCFeedLine.h"
#include "rcfeed/LogParams.h"
#include "rcfeed/PhpUnserialize.h"
#include "rcfeed/UdpDatagram.h"
#include "rcfeed/UdpSource.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {
namespace {

struct BadInput {
  int line = 0;  // in the corpus file
  std::string note;
  std::string input;
  std::optional<std::string> error;
  size_t replacedUtf8 = 0;
};

std::string fromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string expand(std::string input, const rapidjson::Value& repeat) {
  for (const auto& m : repeat.GetObject()) {
    const std::string marker = m.name.GetString();
    const std::string text = m.value[0].GetString();
    const int64_t count = m.value[1].GetInt64();
    const size_t number = text.find("{n}");
    std::string expanded;
    for (int64_t i = 0; i < count; ++i) {
      if (number == std::string::npos) {
        expanded += text;
      } else {
        expanded += text.substr(0, number) + std::to_string(i) + text.substr(number + 3);
      }
    }
    const size_t at = input.find(marker);
    if (at == std::string::npos) throw std::runtime_error("repeat marker " + marker + " not in the input");
    input.replace(at, marker.size(), expanded);
  }
  return input;
}

std::vector<BadInput> corpus(const std::string& name) {
  std::ifstream in(std::string(RCFEED_BAD_INPUT) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open tests/bad-input/" + name);
  std::vector<BadInput> cases;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty()) continue;
    rapidjson::Document d;
    d.Parse(text.data(), text.size());
    if (d.HasParseError() || !d.IsObject())
      throw std::runtime_error("tests/bad-input/" + name + ":" + std::to_string(line) + ": not a JSON object");
    BadInput c;
    c.line = line;
    if (d.HasMember("note")) c.note = d["note"].GetString();
    if (d.HasMember("input_hex")) c.input = fromHex(d["input_hex"].GetString());
    else c.input.assign(d["input"].GetString(), d["input"].GetStringLength());
    if (d.HasMember("repeat")) c.input = expand(c.input, d["repeat"]);
    if (d.HasMember("truncate")) c.input.resize(std::min<size_t>(c.input.size(), d["truncate"].GetUint64()));
    if (d.HasMember("error")) c.error = d["error"].GetString();
    if (d.HasMember("replaced_utf8")) c.replacedUtf8 = d["replaced_utf8"].GetUint64();
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string where(const std::string& file, const BadInput& c) {
  return "tests/bad-input/" + file + ":" + std::to_string(c.line) + " (" + c.note + ")";
}

TEST(BadInputTest, EveryUdpLineGivesItsErrorOrItsReplacementCount) {
  const auto cases = corpus("udp-lines.jsonl");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    SCOPED_TRACE(where("udp-lines.jsonl", c));
    RecentChange rc;
    const LineReadResult r = readJsonRCFeedLine(c.input, rc);
    if (c.error) {
      EXPECT_FALSE(r.ok);
      EXPECT_NE(r.error.find(*c.error), std::string::npos) << "error: " << r.error;
    } else {
      EXPECT_TRUE(r.ok) << r.error;
    }
    EXPECT_EQ(r.replacedUtf8, c.replacedUtf8);
  }
}

TEST(BadInputTest, EveryUdpDatagramGivesItsErrorOrItsReplacementCount) {
  const auto cases = corpus("udp-datagrams.jsonl");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    SCOPED_TRACE(where("udp-datagrams.jsonl", c));
    RecentChange rc;
    const LineReadResult r = readUdpDatagram(c.input, rc);
    if (c.error) {
      EXPECT_FALSE(r.ok);
      EXPECT_NE(r.error.find(*c.error), std::string::npos) << "error: " << r.error;
    } else {
      EXPECT_TRUE(r.ok) << r.error;
    }
    EXPECT_EQ(r.replacedUtf8, c.replacedUtf8);
  }
}

TEST(BadInputTest, EveryRcParamsBlobGivesItsErrorAndStillYieldsLogParams) {
  const auto cases = corpus("rc-params.jsonl");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    SCOPED_TRACE(where("rc-params.jsonl", c));
    const PhpUnserializeResult r = phpUnserialize(c.input);
    if (c.error) {
      EXPECT_FALSE(r.ok);
      EXPECT_NE(r.error.find(*c.error), std::string::npos) << "error: " << r.error;
    } else {
      EXPECT_TRUE(r.ok) << r.error;
    }
    // The change is still sent: a blob that does not unserialize is
    // MediaWiki's legacy format, its lines become the list.
    if (c.input.empty()) continue;
    const auto params = logParamsFromRcParams(c.input);
    ASSERT_TRUE(params && params->isArray());
    if (c.error) {
      const PhpArray& lines = *params->array();
      ASSERT_GE(lines.size(), 1u);
      EXPECT_TRUE(lines.isList());
      EXPECT_EQ(std::get<std::string>(lines.values[0].storage()), c.input.substr(0, c.input.find('\n')));
    }
  }
}

TEST(BadInputTest, EverySiteinfoGivesItsError) {
  const auto cases = corpus("siteinfo.jsonl");
  ASSERT_FALSE(cases.empty());
  for (const auto& c : cases) {
    SCOPED_TRACE(where("siteinfo.jsonl", c));
    std::string error;
    try {
      Wiki::fromJson(c.input, "hostile.json");
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    if (c.error) {
      EXPECT_EQ(error.rfind("hostile.json: ", 0), 0u) << "error: " << error;
      EXPECT_NE(error.find(*c.error), std::string::npos) << "error: " << error;
    } else {
      EXPECT_EQ(error, "");
    }
  }
}

TEST(BadInputTest, EveryConfigGivesItsError) {
  const auto cases = corpus("config.jsonl");
  ASSERT_FALSE(cases.empty());
  test::TempDir dir;
  dir.write("siteinfo.json", test::readFile("mw139-en/siteinfo.json"));
  dir.write("not-siteinfo.json", "{}");
  std::string badLinkTrail = test::readFile("mw139-en/siteinfo.json");
  const std::string linkTrail = R"x("/^([a-z]+)(.*)$/sD")x";
  ASSERT_NE(badLinkTrail.find(linkTrail), std::string::npos);
  badLinkTrail.replace(badLinkTrail.find(linkTrail), linkTrail.size(), R"x("/^([a-z]+)(.*)")x");
  dir.write("bad-linktrail.json", badLinkTrail);
  for (const auto& c : cases) {
    SCOPED_TRACE(where("config.jsonl", c));
    std::string error;
    try {
      parseConfig(c.input, "fuzz.json", dir.path());
    } catch (const ConfigError& e) {
      error = e.what();
    }
    if (c.error) {
      EXPECT_NE(error.find(*c.error), std::string::npos) << "error: " << error;
    } else {
      EXPECT_EQ(error, "");
    }
  }
}

struct FormatRun {
  int status = -1;
  std::string out, err;
};

FormatRun runFormat(const std::string& input, const test::TempDir& dir) {
  const std::string in = dir.write("mixed.jsonl", input);
  const std::string cmd = std::string(RCFEED_BINARY) + " format --wiki " + test::fixturePath("mw139-en/siteinfo.json") +
                          " " + in + " >" + dir.path() + "/out 2>" + dir.path() + "/err </dev/null";
  FormatRun r;
  const int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream o(dir.path() + "/out", std::ios::binary), e(dir.path() + "/err", std::ios::binary);
  std::stringstream os, es;
  os << o.rdbuf();
  es << e.rdbuf();
  r.out = os.str();
  r.err = es.str();
  return r;
}

// rc_id of each event line `rcfeed format` wrote.
std::vector<int64_t> eventIds(const std::string& out) {
  std::vector<int64_t> ids;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.data(), line.size());
    ids.push_back(!d.HasParseError() && d.IsObject() && d.HasMember("id") && d["id"].IsInt64() ? d["id"].GetInt64() : -1);
  }
  return ids;
}

TEST(BadInputTest, FormatKeepsServingThroughTheUdpCorpus) {
  // Good fixture datagrams with a hostile line after each; inputs with a line
  // break or that are blank cannot be one line of the file and are left out.
  const auto good = test::readLines("mw139-en/udp-json.jsonl");
  std::vector<BadInput> bad;
  for (auto& c : corpus("udp-lines.jsonl")) {
    if (c.input.find_first_of("\r\n") == std::string::npos && c.input.find_first_not_of(" \t") != std::string::npos)
      bad.push_back(std::move(c));
  }
  ASSERT_GT(bad.size(), 20u);
  std::string input;
  std::vector<int64_t> expectedIds;
  std::vector<std::pair<size_t, const BadInput*>> refused;  // file line number, case
  size_t lineNo = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    input += good[i] + "\n";
    ++lineNo;
    RecentChange rc;
    ASSERT_TRUE(readJsonRCFeedLine(good[i], rc).ok);
    expectedIds.push_back(rc.id.value_or(-1));
    if (i < bad.size()) {
      input += bad[i].input + "\n";
      ++lineNo;
      if (bad[i].error) {
        refused.emplace_back(lineNo, &bad[i]);
      } else {
        ASSERT_TRUE(readJsonRCFeedLine(bad[i].input, rc).ok);
        expectedIds.push_back(rc.id.value_or(-1));
      }
    }
  }
  ASSERT_LT(bad.size(), good.size());

  test::TempDir dir;
  const FormatRun r = runFormat(input, dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(eventIds(r.out), expectedIds);
  for (const auto& [line, c] : refused) {
    SCOPED_TRACE(where("udp-lines.jsonl", *c));
    const std::string prefix = "rcfeed format: " + dir.path() + "/mixed.jsonl:" + std::to_string(line) + ": skipped: ";
    const size_t at = r.err.find(prefix);
    ASSERT_NE(at, std::string::npos);
    const std::string message = r.err.substr(at + prefix.size(), r.err.find('\n', at) - at - prefix.size());
    EXPECT_NE(message.find(*c->error), std::string::npos) << message;
  }
  EXPECT_EQ(static_cast<size_t>(std::count(r.err.begin(), r.err.end(), '\n')), refused.size()) << r.err;
}

// Loopback is fast; this only bounds a test that would otherwise hang.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

TEST(BadInputTest, UdpSourceKeepsServingThroughTheHostileDatagrams) {
  // Every hostile line and datagram that fits in a UDP datagram, each after a
  // good fixture datagram: every good change and every accepted hostile one
  // comes out of the source, in order; each refused one is counted as
  // malformed, and each replaced UTF-8 sequence as replaced.
  std::vector<BadInput> bad;
  for (const char* file : {"udp-lines.jsonl", "udp-datagrams.jsonl"}) {
    for (auto& c : corpus(file)) {
      if (c.input.size() <= kMaxUdpPayload && !c.input.empty()) bad.push_back(std::move(c));
    }
  }
  const auto good = test::readLines("mw139-en/udp-json.jsonl");
  ASSERT_LT(bad.size(), good.size());
  std::vector<std::string> payloads;
  std::vector<std::string> expectedTitles;
  uint64_t refused = 0, replaced = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    payloads.push_back(good[i]);
    RecentChange rc;
    ASSERT_TRUE(readUdpDatagram(good[i], rc).ok);
    expectedTitles.push_back(rc.title);
    if (i >= bad.size()) continue;
    payloads.push_back(bad[i].input);
    replaced += bad[i].replacedUtf8;
    if (bad[i].error) {
      ++refused;
    } else {
      ASSERT_TRUE(readUdpDatagram(bad[i].input, rc).ok) << bad[i].note;
      expectedTitles.push_back(rc.title);
    }
  }

  test::TempDir dir;
  UdpSourceOptions options;
  options.listen = "127.0.0.1:0";
  options.spool.directory = dir.path() + "/spool";
  UdpSource source(options);
  Poco::Net::DatagramSocket client(Poco::Net::SocketAddress("127.0.0.1", 0));
  // In windows the receiver has confirmed, so the kernel buffer drops none.
  for (size_t i = 0; i < payloads.size(); ++i) {
    client.sendTo(payloads[i].data(), static_cast<int>(payloads[i].size()), source.address());
    if ((i + 1) % 16 == 0 || i + 1 == payloads.size()) {
      ASSERT_TRUE(eventually([&] { return source.counters().received >= i + 1; })) << "received " << i + 1;
    }
  }
  std::vector<SourcedChange> out;
  eventually([&] {
    source.poll(out, expectedTitles.size() - out.size(), std::chrono::milliseconds(50));
    return out.size() >= expectedTitles.size();
  });
  std::vector<std::string> titles;
  for (const auto& c : out) titles.push_back(c.rc.title);
  EXPECT_EQ(titles, expectedTitles);
  const UdpSourceCounters counters = source.counters();
  EXPECT_EQ(counters.received, payloads.size());
  EXPECT_EQ(counters.malformed, refused);
  EXPECT_EQ(counters.replacedUtf8, replaced);
  EXPECT_EQ(counters.kernelDropped, 0u);
  source.stop();
}

}  // namespace
}  // namespace rcfeed
