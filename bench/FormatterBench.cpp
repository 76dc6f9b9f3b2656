// rcfeed_bench: what the EventBusRCFeedFormatter costs per event, beside the
// least any formatter must spend on the same data.
//
// Both benchmarks walk every line of a corpus once per iteration:
//   Formatter/<corpus>  readJsonRCFeedLine + EventBusRCFeedFormatter::format,
//                       the whole path from datagram to serialised event;
//   Floor/<corpus>      RapidJSON DOM parse of the same line, then a compact
//                       RapidJSON write of that change's event (formatted and
//                       parsed beforehand), so the same bytes go in and out
//                       with no logic between.
// Corpora:
//   fixture        the 320 lines of fixtures/mw139-en/udp-json.jsonl;
//   unicode-mix    the same changes with long titles and comments in many
//                  scripts (Cyrillic, Greek, CJK, Arabic, Devanagari, emoji,
//                  combining marks), with links and section comments, written
//                  as JSONRCFeedFormatter writes them (\u escapes);
//   lines          with --lines=FILE, that file's JSONRCFeedFormatter lines
//                  (formatted for the fixture wiki).
// After the runs, a table gives both rates per corpus and the formatter's
// time per event as a multiple of the floor's. Single-threaded: the rates are
// per core.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "formatter/EventBusRCFeedFormatter.h"
#include "formatter/EventId.h"
#include "rcfeed/JsonRCFeedLine.h"
#include "rcfeed/Wiki.h"

namespace rcfeed::bench {
namespace {

// A feed, with each line's event formatted and parsed once up front.
struct Corpus {
  std::string name;
  WikiPtr wiki;
  std::vector<std::string> lines;
  std::vector<rapidjson::Document> events;
  size_t lineBytes = 0;
  size_t eventBytes = 0;
};

std::vector<std::string> readLines(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines(1);
  for (int c; (c = std::fgetc(f)) != EOF;) {
    if (c == '\n') lines.emplace_back();
    else lines.back().push_back(static_cast<char>(c));
  }
  std::fclose(f);
  if (lines.back().empty()) lines.pop_back();
  return lines;
}

Corpus loadCorpus(std::string name, WikiPtr wiki, std::vector<std::string> lines) {
  Corpus c;
  c.name = std::move(name);
  c.wiki = std::move(wiki);
  c.lines = std::move(lines);
  if (c.lines.empty()) throw std::runtime_error(c.name + ": no lines");
  FormatterOptions options;
  options.profile = profileForVersion(c.wiki->version);
  EventBusRCFeedFormatter formatter(c.wiki, options);
  RecentChange rc;
  std::string out;
  for (size_t i = 0; i < c.lines.size(); ++i) {
    const std::string where = c.name + " line " + std::to_string(i + 1);
    auto r = readJsonRCFeedLine(c.lines[i], rc);
    if (!r.ok) throw std::runtime_error(where + ": " + r.error);
    out.clear();
    if (!formatter.format(rc, newRequestId(), out)) throw std::runtime_error(where + ": cannot be formatted");
    rapidjson::Document event;
    if (event.Parse(out.data(), out.size()).HasParseError()) throw std::runtime_error(where + ": event is not JSON");
    c.events.push_back(std::move(event));
    c.lineBytes += c.lines[i].size();
    c.eventBytes += out.size();
  }
  return c;
}

// Words for the synthetic titles and comments, a few per script, in UTF-8.
const std::vector<std::string> kWords = {
    "\u041c\u043e\u0441\u043a\u0432\u0430", "\u0418\u0441\u0442\u043e\u0440\u0438\u044f",
    "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1", "\u03c6\u03b9\u03bb\u03bf\u03c3\u03bf\u03c6\u03af\u03b1",
    "\u6771\u4eac\u90fd", "\u5386\u53f2\u5b66\u8005", "\u65e5\u672c\u8a9e\u306e\u6587\u6cd5",
    "\u0627\u0644\u0642\u0627\u0647\u0631\u0629", "\u0645\u0648\u0633\u0648\u0639\u0629",
    "\u0926\u093f\u0932\u094d\u0932\u0940", "\u0939\u093f\u0928\u094d\u0926\u0940",
    "Caf\u00e9", "Stra\u00dfe", "\u00c5ngstr\u00f6m", "Zu\u0308rich",
    "\U0001F30D", "\U0001F4DA", "\u05e2\u05d1\u05e8\u05d9\u05ea", "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22",
    "\uc11c\uc6b8\ud2b9\ubcc4\uc2dc", "history", "2024", "(disambiguation)", "&", "<b>"};

// The fixture lines with long Unicode titles (~200 bytes) and comments
// (~500 bytes) in place of theirs; the rest of each line is unchanged.
std::vector<std::string> unicodeMix(const std::vector<std::string>& fixture) {
  std::mt19937 random(20261204);
  auto words = [&](size_t count) {
    std::string s;
    for (size_t i = 0; i < count; ++i) {
      if (i) s += ' ';
      s += kWords[random() % kWords.size()];
    }
    return s;
  };
  std::vector<std::string> lines;
  for (const auto& line : fixture) {
    rapidjson::Document packet;
    packet.Parse(line.data(), line.size());
    auto& alloc = packet.GetAllocator();
    const std::string title = std::string(packet["title"].GetString()) + " " + words(12);
    const std::string comment = "/* " + words(3) + " */ " + words(10) + " [[" + words(3) + "]] " + words(12) +
                                " [[" + words(2) + "|" + words(2) + "]]s " + words(15);
    packet["title"].SetString(title.data(), static_cast<rapidjson::SizeType>(title.size()), alloc);
    packet["comment"].SetString(comment.data(), static_cast<rapidjson::SizeType>(comment.size()), alloc);
    // JSONRCFeedFormatter's lines are ASCII: every other code point is \u-escaped.
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::ASCII<>> writer(buffer);
    packet.Accept(writer);
    lines.emplace_back(buffer.GetString(), buffer.GetSize());
  }
  return lines;
}

void formatterUdpLineToEvent(benchmark::State& state, const Corpus& c) {
  FormatterOptions options;
  options.profile = profileForVersion(c.wiki->version);
  EventBusRCFeedFormatter formatter(c.wiki, options);
  const std::string requestId = newRequestId();
  RecentChange rc;
  std::string out;
  size_t failures = 0;
  for (auto _ : state) {
    for (const auto& line : c.lines) {
      failures += !readJsonRCFeedLine(line, rc).ok;
      out.clear();
      failures += !formatter.format(rc, requestId, out);
      benchmark::DoNotOptimize(out.data());
      benchmark::ClobberMemory();
    }
  }
  if (failures) state.SkipWithError("a line failed to format");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.lineBytes));
}

void floorParseAndWrite(benchmark::State& state, const Corpus& c) {
  rapidjson::StringBuffer buffer;
  std::string text;
  size_t failures = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < c.lines.size(); ++i) {
      // In place in a copy, the cheapest way RapidJSON reads a line, as the
      // formatter's reader does.
      text.assign(c.lines[i]);
      rapidjson::Document packet;
      failures += packet.ParseInsitu(text.data()).HasParseError();
      benchmark::DoNotOptimize(&packet);
      buffer.Clear();
      rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
      c.events[i].Accept(writer);
      benchmark::DoNotOptimize(buffer.GetString());
      benchmark::ClobberMemory();
    }
  }
  if (failures) state.SkipWithError("a line failed to parse");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.lineBytes));
}

// The console output, then one table comparing the formatter with the floor
// on each corpus. With --benchmark_repetitions the medians are compared.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal: a custom reporter does not get the
  // library's --benchmark_color handling.
  explicit RatioReporter(const std::vector<Corpus>& corpora)
      : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular), corpora_(corpora) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.error_occurred) {
        failed_ = true;
        continue;
      }
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type == Run::RT_Aggregate && !median) continue;
      auto rate = run.counters.find("items_per_second");
      if (rate == run.counters.end()) continue;
      auto& slot = rates_[run.run_name.function_name];
      // A median, once seen, wins over the single repetitions.
      if (median || !slot.median) slot = {rate->second.value, median};
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\n%-12s %7s %10s %10s %14s %14s %8s\n", "corpus", "changes", "line B", "event B",
                "formatter ev/s", "floor ev/s", "ratio");
    for (const auto& c : corpora_) {
      auto formatter = rates_.find("Formatter/" + c.name), floor = rates_.find("Floor/" + c.name);
      if (formatter == rates_.end()) continue;
      const double n = static_cast<double>(c.lines.size());
      std::printf("%-12s %7zu %10.0f %10.0f %14.0f", c.name.c_str(), c.lines.size(), c.lineBytes / n,
                  c.eventBytes / n, formatter->second.value);
      if (floor != rates_.end())
        std::printf(" %14.0f %7.2fx", floor->second.value, floor->second.value / formatter->second.value);
      std::printf("\n");
    }
    std::printf("ratio: formatter time per event / floor time per event\n");
    std::fflush(stdout);
  }

  bool failed() const { return failed_; }

 private:
  struct Rate {
    double value = 0;
    bool median = false;
  };

  const std::vector<Corpus>& corpora_;
  std::map<std::string, Rate> rates_;
  bool failed_ = false;
};

}  // namespace
}  // namespace rcfeed::bench

int main(int argc, char** argv) {
  using namespace rcfeed::bench;
  benchmark::Initialize(&argc, argv);
  std::string linesFile;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.substr(0, 8) != "--lines=") continue;
    linesFile = arg.substr(8);
    std::copy(argv + i + 1, argv + argc, argv + i);
    --argc;
    --i;
  }
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  std::vector<Corpus> corpora;
  try {
    const std::string fixtures = RCFEED_FIXTURES;
    auto wiki = rcfeed::Wiki::fromFile(fixtures + "/mw139-en/siteinfo.json");
    const auto fixture = readLines(fixtures + "/mw139-en/udp-json.jsonl");
    corpora.push_back(loadCorpus("fixture", wiki, fixture));
    corpora.push_back(loadCorpus("unicode-mix", wiki, unicodeMix(fixture)));
    if (!linesFile.empty()) corpora.push_back(loadCorpus("lines", wiki, readLines(linesFile)));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rcfeed_bench: %s\n", e.what());
    return 1;
  }
  for (const auto& c : corpora) {
    benchmark::RegisterBenchmark(("Formatter/" + c.name).c_str(), formatterUdpLineToEvent, std::cref(c))
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("Floor/" + c.name).c_str(), floorParseAndWrite, std::cref(c))
        ->Unit(benchmark::kMicrosecond);
  }
  RatioReporter reporter(corpora);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return reporter.failed() ? 1 : 0;
}
