// rcfeed_bench: what the EventBusRCFeedFormatter costs per event, beside the
// least any formatter must spend on the same data.
//
// Both benchmarks walk every line of the fixture UDP feed once per iteration:
//   FormatterUdpLineToEvent  readJsonRCFeedLine + EventBusRCFeedFormatter::format,
//                            the whole path from datagram to serialised event;
//   FloorParseAndWrite       RapidJSON DOM parse of the same line, then a
//                            compact RapidJSON write of that change's event
//                            (parsed beforehand), so the same bytes go in and
//                            out with no logic between.
// After the runs, a table gives both rates and the formatter's time per event
// as a multiple of the floor's. Single-threaded: the rates are per core.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <functional>
#include <map>
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

constexpr const char* kFormatter = "FormatterUdpLineToEvent";
constexpr const char* kFloor = "FloorParseAndWrite";

// The fixture feed, with each line's event formatted and parsed once up front.
struct Corpus {
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

Corpus loadCorpus(const std::string& fixtures) {
  Corpus c;
  c.wiki = Wiki::fromFile(fixtures + "/mw139-en/siteinfo.json");
  c.lines = readLines(fixtures + "/mw139-en/udp-json.jsonl");
  if (c.lines.empty()) throw std::runtime_error("no lines in the fixture feed");
  FormatterOptions options;
  options.profile = profileForVersion(c.wiki->version);
  EventBusRCFeedFormatter formatter(c.wiki, options);
  RecentChange rc;
  std::string out;
  for (size_t i = 0; i < c.lines.size(); ++i) {
    const std::string where = "fixture line " + std::to_string(i + 1);
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
  if (failures) state.SkipWithError("a fixture line failed to format");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.lineBytes));
}

void floorParseAndWrite(benchmark::State& state, const Corpus& c) {
  rapidjson::StringBuffer buffer;
  size_t failures = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < c.lines.size(); ++i) {
      rapidjson::Document packet;
      failures += packet.Parse(c.lines[i].data(), c.lines[i].size()).HasParseError();
      benchmark::DoNotOptimize(&packet);
      buffer.Clear();
      rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
      c.events[i].Accept(writer);
      benchmark::DoNotOptimize(buffer.GetString());
      benchmark::ClobberMemory();
    }
  }
  if (failures) state.SkipWithError("a fixture line failed to parse");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.lineBytes));
}

// The console output, then one table comparing the formatter with the floor.
// With --benchmark_repetitions the medians are compared.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal: a custom reporter does not get the
  // library's --benchmark_color handling.
  explicit RatioReporter(const Corpus& c)
      : ConsoleReporter(isatty(fileno(stdout)) ? OO_ColorTabular : OO_Tabular), corpus_(c) {}

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
    auto formatter = rates_.find(kFormatter), floor = rates_.find(kFloor);
    if (formatter == rates_.end() || floor == rates_.end()) return;
    const double n = static_cast<double>(corpus_.lines.size());
    std::printf("\n%zu fixture changes, %.0f bytes per UDP line and %.0f bytes per event on average\n",
                corpus_.lines.size(), corpus_.lineBytes / n, corpus_.eventBytes / n);
    std::printf("%-44s %14s %10s\n", "", "events/s", "ns/event");
    row("formatter (UDP line -> serialised event)", formatter->second.value);
    row("floor (RapidJSON parse + write, no logic)", floor->second.value);
    std::printf("formatter time per event / floor time per event: %.2fx\n",
                floor->second.value / formatter->second.value);
    std::fflush(stdout);
  }

  bool failed() const { return failed_; }

 private:
  struct Rate {
    double value = 0;
    bool median = false;
  };

  static void row(const char* name, double eventsPerSecond) {
    std::printf("%-44s %14.0f %10.0f\n", name, eventsPerSecond, 1e9 / eventsPerSecond);
  }

  const Corpus& corpus_;
  std::map<std::string, Rate> rates_;
  bool failed_ = false;
};

}  // namespace
}  // namespace rcfeed::bench

int main(int argc, char** argv) {
  using namespace rcfeed::bench;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  Corpus corpus;
  try {
    corpus = loadCorpus(RCFEED_FIXTURES);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rcfeed_bench: %s\n", e.what());
    return 1;
  }
  benchmark::RegisterBenchmark(kFormatter, formatterUdpLineToEvent, std::cref(corpus))->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark(kFloor, floorParseAndWrite, std::cref(corpus))->Unit(benchmark::kMicrosecond);
  RatioReporter reporter(corpus);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return reporter.failed() ? 1 : 0;
}
