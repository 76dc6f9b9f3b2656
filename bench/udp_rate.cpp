// UDP receive rate: MediaWiki's datagrams sent over loopback at rising
// offered rates into a UdpSource, each one spooled, handed out, formatted
// as an EventBus event and acknowledged. Prints one row per offered rate:
// what arrived, what was lost (by the kernel or anywhere else), the rate
// achieved and, when nothing was lost, the time from sending a datagram to
// its change being handed out of the spool (p50/p99; -1 otherwise).
//
//   udp_rate [--fixtures DIR] [--count N] [--rates R1,R2,...] [--sync batch|interval|never]
//            [--sync-ms N] [--rcvbuf BYTES]
//
// A rate of 0 means as fast as the sender can go. The spool lives in a
// temporary directory that is removed afterwards.
//
// Built as the CMake target udp_rate; bench/run.sh runs it.

#include <Poco/Net/DatagramSocket.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/Log.h"
#include "rcfeed/UdpSource.h"

namespace {

using namespace rcfeed;
using Clock = std::chrono::steady_clock;

struct Settings {
  std::string fixtures = "fixtures/mw139-en";
  size_t count = 100000;
  std::vector<double> rates = {10000, 20000, 50000, 100000, 200000, 0};
  SpoolSync sync = SpoolSync::EveryBatch;
  std::chrono::milliseconds syncInterval{1000};
  int rcvbuf = 8 << 20;
};

struct Row {
  double offered = 0;
  size_t sent = 0;
  double sendSeconds = 0;
  UdpSourceCounters counters;
  size_t formatted = 0;
  double seconds = 0;
  double p50ms = -1, p99ms = -1;  // send to hand-out, when nothing was lost
};

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Row run(const Settings& s, double rate, const std::vector<std::string>& lines, const EventBusRCFeedFormatter& formatter) {
  std::string dir = (std::filesystem::temp_directory_path() / "rcfeed-udp-rate-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  Row row;
  row.offered = rate;
  {
    UdpSourceOptions o;
    o.listen = "127.0.0.1:0";
    o.receiveBufferBytes = s.rcvbuf;
    o.spool.directory = dir;
    o.spool.sync = s.sync;
    o.spool.syncInterval = s.syncInterval;
    UdpSource source(o);

    // Positions are spool sequence numbers, 1.. in arrival order; with no
    // loss, position i is the i-th datagram sent.
    std::vector<Clock::time_point> sentAt(s.count), handedOutAt(s.count);
    std::atomic<size_t> formatted{0};
    std::atomic<bool> done{false};
    std::atomic<Clock::rep> lastFormatted{Clock::now().time_since_epoch().count()};
    std::thread consumer([&] {
      std::vector<SourcedChange> changes;
      std::string event;
      while (!done.load()) {
        changes.clear();
        source.poll(changes, 1024, std::chrono::milliseconds(50));
        const Clock::time_point now = Clock::now();
        for (const SourcedChange& c : changes) {
          if (c.position >= 1 && c.position <= handedOutAt.size()) handedOutAt[c.position - 1] = now;
          event.clear();
          formatter.format(c.rc, "bench", event);
        }
        if (!changes.empty()) {
          source.acknowledge(changes.back().position);
          formatted += changes.size();
          lastFormatted = Clock::now().time_since_epoch().count();
        }
      }
    });

    Poco::Net::DatagramSocket client(Poco::Net::SocketAddress("127.0.0.1", 0), false);
    const Poco::Net::SocketAddress target = source.address();
    const Clock::time_point start = Clock::now();
    for (size_t i = 0; i < s.count; ++i) {
      if (rate > 0) {
        const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(i / rate));
        if (Clock::now() < due) std::this_thread::sleep_until(due);
      }
      const std::string& line = lines[i % lines.size()];
      try {
        sentAt[i] = Clock::now();
        client.sendTo(line.data(), static_cast<int>(line.size()), target);
        ++row.sent;
      } catch (const std::exception&) {
        // ENOBUFS and the like: a datagram the sender lost, so not offered.
      }
    }
    row.sendSeconds = std::chrono::duration<double>(Clock::now() - start).count();

    // Drained once the socket gave nothing new for a while and everything
    // spooled was formatted.
    uint64_t seen = source.counters().received;
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      const UdpSourceCounters c = source.counters();
      if (c.received == seen && formatted.load() == c.spooled) break;
      seen = c.received;
    }
    done = true;
    consumer.join();
    row.formatted = formatted.load();
    row.counters = source.counters();
    if (row.formatted == s.count && row.sent == s.count) {
      std::vector<double> ms;
      for (size_t i = 0; i < s.count; ++i) {
        ms.push_back(std::chrono::duration<double, std::milli>(handedOutAt[i] - sentAt[i]).count());
      }
      std::sort(ms.begin(), ms.end());
      row.p50ms = ms[ms.size() / 2];
      row.p99ms = ms[ms.size() * 99 / 100];
    }
    row.seconds = std::chrono::duration<double>(Clock::time_point(Clock::duration(lastFormatted.load())) - start).count();
  }
  std::filesystem::remove_all(dir);
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--fixtures") {
      s.fixtures = v;
    } else if (k == "--count") {
      s.count = std::stoul(v);
    } else if (k == "--rcvbuf") {
      s.rcvbuf = std::stoi(v);
    } else if (k == "--rates") {
      s.rates.clear();
      std::stringstream ss(v);
      for (std::string r; std::getline(ss, r, ',');) s.rates.push_back(std::stod(r));
    } else if (k == "--sync-ms") {
      s.syncInterval = std::chrono::milliseconds(std::stol(v));
    } else if (k == "--sync") {
      s.sync = v == "never" ? SpoolSync::Never : v == "interval" ? SpoolSync::Interval : SpoolSync::EveryBatch;
    } else {
      std::cerr << "udp_rate: unknown option " << k << "\n";
      return 2;
    }
  }
  setLogLevel(LogLevel::Error);
  const auto lines = readLines(s.fixtures + "/udp-json.jsonl");
  const EventBusRCFeedFormatter formatter(Wiki::fromFile(s.fixtures + "/siteinfo.json"), FormatterOptions{});
  std::printf("%10s %9s %9s %9s %9s %9s %9s %8s %11s %8s %8s\n", "offered/s", "sent", "received", "kern_drop",
              "spooled", "formatted", "lost", "loss%", "formatted/s", "p50_ms", "p99_ms");
  for (double rate : s.rates) {
    const Row r = run(s, rate, lines, formatter);
    const size_t lost = r.sent - r.formatted;
    char offered[32];
    if (rate > 0) std::snprintf(offered, sizeof offered, "%.0f", rate);
    else std::snprintf(offered, sizeof offered, "max(%.0f)", r.sent / r.sendSeconds);
    std::printf("%10s %9zu %9llu %9llu %9llu %9zu %9zu %8.3f %11.0f %8.2f %8.2f\n", offered, r.sent,
                static_cast<unsigned long long>(r.counters.received),
                static_cast<unsigned long long>(r.counters.kernelDropped),
                static_cast<unsigned long long>(r.counters.spooled), r.formatted, lost, 100.0 * lost / r.sent,
                r.formatted / r.seconds, r.p50ms, r.p99ms);
  }
  return 0;
}
