// rcfeed run: the daemon.

#include <atomic>
#include <csignal>
#include <thread>
#include <iostream>

#include <pthread.h>

#include "rcfeed/Config.h"
#include "rcfeed/Daemon.h"
#include "rcfeed/Log.h"
#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {

int runCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"--config", "--since-id", "--since", "--feed", "--log-level", "--metrics"}, {"--from-start", "--once"});
  if (!args.operands().empty()) throw UsageError("unexpected operand '" + args.operands().front() + "'");
  if (auto level = args.value("--log-level")) {
    auto parsed = parseLogLevel(*level);
    if (!parsed) throw UsageError("--log-level must be error, warn, info or debug");
    setLogLevel(*parsed);
  }
  DaemonOptions options;
  options.start = dbTailStartFromArgs(args);
  if (auto feeds = args.value("--feed")) {
    size_t pos = 0;
    while (pos <= feeds->size()) {
      auto comma = feeds->find(',', pos);
      std::string name = feeds->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      if (!name.empty()) options.feeds.push_back(name);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  if (auto metrics = args.value("--metrics")) options.metricsListen = *metrics == "off" ? "" : *metrics;
  options.once = args.flag("--once");

  // Signals are taken by this thread alone (sigwait), so every thread the
  // daemon starts inherits the mask and none is interrupted mid-write.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const Config config = loadConfig(args.required("--config"));
  Daemon daemon(config, options);
  daemon.start();
  log(LogLevel::Info, "rcfeed running", {{"config", config.path}});
  // The signal thread stops the daemon; with --once the feeds may also end
  // by themselves, and then the signal thread is woken to finish.
  std::atomic<bool> finished{false};
  std::thread signalThread([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (finished) return;
    log(LogLevel::Info, "signal received", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    daemon.stop();
  });
  daemon.wait();
  finished = true;
  pthread_kill(signalThread.native_handle(), SIGTERM);
  signalThread.join();
  log(LogLevel::Info, "rcfeed stopped");
  return 0;
}

}  // namespace rcfeed::cli
