// rcfeed_pipeline_bench: the DB tail alone, and the whole path from the
// wiki's recentchanges table to an event service, on a generated SQLite wiki
// (bench/dbtail/make-db.py).
//
//   rcfeed_pipeline_bench tail DB.sqlite [--batch N]
//       DbTailSource from the first row to the table's end: rows read and
//       rebuilt into RecentChange records per second, nothing formatted.
//   rcfeed_pipeline_bench e2e DB.sqlite [--batch N]
//       DbTailSource -> EventBusRCFeedEngine -> HTTP POST to a loopback
//       EventGate stand-in in this process that answers 201 at once: events
//       per second and CPU seconds per 100,000 events (the sink's own CPU
//       time, measured on its threads, left out).
//   rcfeed_pipeline_bench latency DB.sqlite [--rate N] [--seconds S] [--poll-ms MS] [--linger-ms MS]
//       A writer thread inserts changes (copies of the table's rows) at N
//       per second for S seconds while the engine tails the table: time
//       from each insert's commit to the end of the POST that delivered it
//       (the engine's outcome report), p50/p99/max.
//   rcfeed_pipeline_bench udp-latency - [--rate N] [--seconds S] [--linger-ms MS]
//       The fixture's UDP lines sent over loopback at N per second to a
//       UdpSource (spool synced every batch, in a temporary directory)
//       -> engine -> sink: time from each datagram's send to the end of the
//       POST that delivered it, p50/p99/max.
//
// Every mode prints one line of `key value` pairs, including the process's
// peak RSS (ru_maxrss). The database is modified only by `latency`; run it
// on a copy.

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include "engine/EventBusFactory.h"
#include "engine/EventBusRCFeedEngine.h"
#include "rcfeed/Config.h"
#include "rcfeed/DbTailSource.h"
#include "rcfeed/Log.h"
#include "rcfeed/UdpSource.h"
#include "rcfeed/Wiki.h"

namespace rcfeed::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double processCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

long peakRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// EventGate at its cheapest: reads the body, counts the events, answers 201.
class Sink {
 public:
  Sink() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
    server_->start();
  }
  ~Sink() { server_->stopAll(true); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/v1/events"; }
  uint64_t events() const { return events_; }
  uint64_t requests() const { return requests_; }
  double cpuSeconds() const { return cpuMicros_ / 1e6; }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(Sink& sink) : sink_(sink) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      const double start = threadCpuSeconds();
      std::string body;
      char buf[65536];
      auto& in = request.stream();
      while (in.read(buf, sizeof buf) || in.gcount() > 0) body.append(buf, static_cast<size_t>(in.gcount()));
      uint64_t n = 0;
      for (size_t at = body.find("{\"$schema\""); at != std::string::npos; at = body.find("{\"$schema\"", at + 1)) ++n;
      sink_.events_ += n;
      ++sink_.requests_;
      response.setStatus(Poco::Net::HTTPResponse::HTTP_CREATED);
      response.setContentLength(0);
      response.send();
      sink_.cpuMicros_ += static_cast<uint64_t>((threadCpuSeconds() - start) * 1e6);
    }

   private:
    Sink& sink_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(Sink& sink) : sink_(sink) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(sink_);
    }

   private:
    Sink& sink_;
  };

  Poco::Net::ServerSocket socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::atomic<uint64_t> events_{0}, requests_{0}, cpuMicros_{0};
};

struct Args {
  std::string mode, db;
  size_t batch = 1000;
  double rate = 1000;
  double seconds = 10;
  int pollMs = 500;
  int lingerMs = -1;  // -1: the default of ProducerSettings
};

Config feedConfig(const std::string& url, const Args& a) {
  const std::string json = R"({"wiki":")" + std::string(RCFEED_FIXTURES) +
                           R"(/mw139-en/siteinfo.json","RCFeeds":{"bench":{"class":"EventBusRCFeedEngine"}},)"
                           R"("EventServices":{"sink":{"url":")" + url +
                           R"(","timeout":10}},"EventServiceDefault":"sink","EnableEventBus":"TYPE_EVENT"})";
  Config c = parseConfig(json, "rcfeed_pipeline_bench", ".");
  if (a.lingerMs >= 0) c.eventBus.producer.linger = std::chrono::milliseconds(a.lingerMs);
  return c;
}

DbTailOptions tailOptions(const Args& a, bool once) {
  DbTailOptions o;
  o.dsn = "sqlite:" + a.db;
  o.start.kind = DbTailStart::Kind::FromStart;
  o.batchSize = a.batch;
  o.pollInterval = std::chrono::milliseconds(a.pollMs);
  o.once = once;
  return o;
}

int tail(const Args& a) {
  auto wiki = Wiki::fromFile(std::string(RCFEED_FIXTURES) + "/mw139-en/siteinfo.json");
  DbTailSource source(wiki, tailOptions(a, true));
  std::vector<SourcedChange> batch;
  uint64_t rows = 0;
  const double cpu0 = processCpuSeconds();
  const auto t0 = Clock::now();
  for (bool more = true; more;) {
    batch.clear();
    more = source.poll(batch, a.batch, std::chrono::milliseconds(0));
    rows += batch.size();
    if (!batch.empty()) source.acknowledge(batch.back().position);
  }
  const double wall = seconds(Clock::now() - t0), cpu = processCpuSeconds() - cpu0;
  std::printf(
      "mode tail rows %llu seconds %.3f cpu_seconds %.3f rows_per_second %.0f rows_per_cpu_second %.0f "
      "peak_rss_kib %ld\n",
      static_cast<unsigned long long>(rows), wall, cpu, rows / wall, rows / cpu, peakRssKiB());
  return rows ? 0 : 1;
}

int endToEnd(const Args& a) {
  Sink sink;
  Config config = feedConfig(sink.url(), a);
  config.eventBus.producer.maxBatchEvents = a.batch;
  EventBusFactory factory(config.eventBus);
  EventBusRCFeedEngine engine(config.feeds[0], factory);
  DbTailSource source(config.feeds[0].wiki, tailOptions(a, true));
  const double cpu0 = processCpuSeconds();
  const auto t0 = Clock::now();
  engine.run(source);
  const double wall = seconds(Clock::now() - t0);
  const double cpu = processCpuSeconds() - cpu0 - sink.cpuSeconds();
  const FeedCounters n = engine.counters();
  std::printf(
      "mode e2e events %llu accepted %llu sink_events %llu requests %llu seconds %.3f events_per_second %.0f "
      "events_per_cpu_second %.0f cpu_seconds %.3f cpu_seconds_per_100k %.3f sink_cpu_seconds %.3f "
      "peak_rss_kib %ld\n",
      static_cast<unsigned long long>(n.formatted), static_cast<unsigned long long>(n.accepted),
      static_cast<unsigned long long>(sink.events()), static_cast<unsigned long long>(sink.requests()), wall,
      n.accepted / wall, n.accepted / cpu, cpu, n.accepted ? cpu * 1e5 / n.accepted : 0.0, sink.cpuSeconds(),
      peakRssKiB());
  return n.accepted == sink.events() && n.accepted > 0 ? 0 : 1;
}

// Inserts copies of existing rows at a steady rate and notes when each one
// committed, by the rc_id SQLite gave it.
class Writer {
 public:
  Writer(const std::string& path, double rate, double seconds) : rate_(rate), seconds_(seconds) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
    exec("PRAGMA journal_mode=WAL");
    sqlite3_busy_timeout(db_, 5000);
    std::vector<std::string> columns;
    sqlite3_stmt* info = prepare("PRAGMA table_info(recentchanges)");
    while (sqlite3_step(info) == SQLITE_ROW) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(info, 1));
      if (name != "rc_id") columns.push_back(name);
    }
    sqlite3_finalize(info);
    std::string list;
    for (const auto& c : columns) list += (list.empty() ? "" : ", ") + c;
    sqlite3_stmt* max = prepare("SELECT max(rc_id) FROM recentchanges");
    sqlite3_step(max);
    templates_ = sqlite3_column_int64(max, 0);
    sqlite3_finalize(max);
    insert_ = prepare("INSERT INTO recentchanges (" + list + ") SELECT " + list +
                      " FROM recentchanges WHERE rc_id = ?");
  }
  ~Writer() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }

  int64_t firstNewId() const { return templates_ + 1; }

  void run() {
    const auto start = Clock::now();
    const auto total = static_cast<int64_t>(rate_ * seconds_);
    for (int64_t i = 0; i < total; ++i) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(i / rate_)));
      sqlite3_reset(insert_);
      sqlite3_bind_int64(insert_, 1, 1 + i % templates_);
      if (sqlite3_step(insert_) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
      const int64_t id = sqlite3_last_insert_rowid(db_);
      std::lock_guard<std::mutex> lock(mutex_);
      committed_[id] = Clock::now();
    }
  }

  std::optional<Clock::time_point> committedAt(int64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = committed_.find(id);
    if (it == committed_.end()) return std::nullopt;
    return it->second;
  }
  size_t written() {
    std::lock_guard<std::mutex> lock(mutex_);
    return committed_.size();
  }

 private:
  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
    return s;
  }
  void exec(const char* sql) { sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  int64_t templates_ = 0;
  double rate_, seconds_;
  std::mutex mutex_;
  std::unordered_map<int64_t, Clock::time_point> committed_;
};

std::string percentiles(std::vector<double>& ms) {
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms.empty() ? -1.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
  char buf[96];
  std::snprintf(buf, sizeof buf, "p50_ms %.1f p99_ms %.1f max_ms %.1f", pct(0.5), pct(0.99), ms.empty() ? -1.0 : ms.back());
  return buf;
}

int latency(const Args& a) {
  Sink sink;
  Config config = feedConfig(sink.url(), a);
  EventBusFactory factory(config.eventBus);
  EventBusRCFeedEngine engine(config.feeds[0], factory);
  Writer writer(a.db, a.rate, a.seconds);
  // Starts after the rows already there: only the writer's changes are timed.
  DbTailOptions options = tailOptions(a, false);
  options.start.kind = DbTailStart::Kind::SinceId;
  options.start.id = writer.firstNewId() - 1;
  DbTailSource source(config.feeds[0].wiki, options);

  // Outcomes are matched with commit times at the end: a change can be
  // delivered before the writer has noted its commit.
  std::vector<std::pair<int64_t, Clock::time_point>> delivered;
  std::mutex deliveredMutex;
  engine.onOutcome([&](const ChangeOutcome& o) {
    if (!o.rcId) return;
    const auto done = Clock::now();
    std::lock_guard<std::mutex> lock(deliveredMutex);
    delivered.emplace_back(*o.rcId, done);
  });
  std::thread engineThread([&] { engine.run(source); });
  writer.run();
  const size_t expected = writer.written();
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(deliveredMutex);
      if (delivered.size() >= expected || Clock::now() > deadline) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  engine.stop();
  source.stop();
  engineThread.join();
  std::vector<double> latencies;
  for (const auto& [id, done] : delivered)
    if (auto at = writer.committedAt(id)) latencies.push_back(seconds(done - *at) * 1e3);
  const size_t timed = latencies.size();
  std::printf("mode latency offered_per_second %.0f written %zu delivered %zu poll_ms %d %s requests %llu peak_rss_kib %ld\n",
              a.rate, expected, timed, a.pollMs, percentiles(latencies).c_str(),
              static_cast<unsigned long long>(sink.requests()), peakRssKiB());
  return timed == expected ? 0 : 1;
}

int udpLatency(const Args& a) {
  std::vector<std::string> lines;
  {
    std::ifstream in(std::string(RCFEED_FIXTURES) + "/mw139-en/udp-json.jsonl", std::ios::binary);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  std::string dir = (std::filesystem::temp_directory_path() / "rcfeed-pipeline-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  const size_t total = static_cast<size_t>(a.rate * a.seconds);
  std::vector<Clock::time_point> sentAt(total);
  std::vector<double> latencies;
  std::mutex mutex;
  uint64_t requests = 0;
  {
    Sink sink;
    Config config = feedConfig(sink.url(), a);
    EventBusFactory factory(config.eventBus);
    EventBusRCFeedEngine engine(config.feeds[0], factory);
    UdpSourceOptions o;
    o.listen = "127.0.0.1:0";
    o.spool.directory = dir;
    UdpSource source(o);
    // Spool positions are 1.. in arrival order: position i is the i-th datagram sent.
    engine.onOutcome([&](const ChangeOutcome& out) {
      const auto done = Clock::now();
      if (out.position < 1 || out.position > total) return;
      std::lock_guard<std::mutex> lock(mutex);
      latencies.push_back(seconds(done - sentAt[out.position - 1]) * 1e3);
    });
    std::thread engineThread([&] { engine.run(source); });
    Poco::Net::DatagramSocket client(Poco::Net::SocketAddress("127.0.0.1", 0), false);
    const auto start = Clock::now();
    for (size_t i = 0; i < total; ++i) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(i / a.rate)));
      const std::string& line = lines[i % lines.size()];
      {
        std::lock_guard<std::mutex> lock(mutex);
        sentAt[i] = Clock::now();
      }
      client.sendTo(line.data(), static_cast<int>(line.size()), source.address());
    }
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (latencies.size() >= total || Clock::now() > deadline) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    engine.stop();
    source.stop();
    engineThread.join();
    requests = sink.requests();
  }
  std::filesystem::remove_all(dir);
  const size_t delivered = latencies.size();
  std::printf("mode udp-latency offered_per_second %.0f sent %zu delivered %zu %s requests %llu peak_rss_kib %ld\n",
              a.rate, total, delivered, percentiles(latencies).c_str(), static_cast<unsigned long long>(requests),
              peakRssKiB());
  return delivered == total ? 0 : 1;
}

}  // namespace
}  // namespace rcfeed::bench

int main(int argc, char** argv) {
  using namespace rcfeed::bench;
  Args a;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s tail|e2e|latency|udp-latency DB.sqlite|- [--batch N] [--rate N] [--seconds S] [--poll-ms MS] [--linger-ms MS]\n",
                 argv[0]);
    return 2;
  }
  a.mode = argv[1];
  a.db = argv[2];
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--batch") a.batch = std::stoul(v);
    else if (k == "--rate") a.rate = std::stod(v);
    else if (k == "--seconds") a.seconds = std::stod(v);
    else if (k == "--poll-ms") a.pollMs = std::stoi(v);
    else if (k == "--linger-ms") a.lingerMs = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  rcfeed::setLogLevel(rcfeed::LogLevel::Error);
  try {
    if (a.mode == "tail") return tail(a);
    if (a.mode == "e2e") return endToEnd(a);
    if (a.mode == "latency") return latency(a);
    if (a.mode == "udp-latency") return udpLatency(a);
    std::fprintf(stderr, "unknown mode %s\n", a.mode.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rcfeed_pipeline_bench: %s\n", e.what());
    return 1;
  }
}
