#pragma once
// Running the built `rcfeed` binary (RCFEED_BINARY) from tests as an
// operator would: fork/exec with output to a log file, waiting, signals,
// loopback ports, and reading its /metrics and /healthz.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace rcfeed::test {

inline uint16_t freeTcpPort() {
  Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
  return s.address().port();
}

inline uint16_t freeUdpPort() {
  Poco::Net::DatagramSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
  return s.address().port();
}

// Runs `program` (RCFEED_BINARY unless given) with stdout and stderr
// appended to `log` and no other file descriptor of the test; returns the
// child's pid.
inline pid_t launch(const std::vector<std::string>& args, const std::string& log,
                    const std::string& program = RCFEED_BINARY) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 2);
    dup2(fd, 1);
    // Nothing else of the test's: an inherited listening socket would keep
    // a server the test closed accepting connections.
    close_range(3, ~0U, 0);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(program.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// The exit status, or 128 + the signal that ended the process.
inline int waitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Waits up to `limit` for the process to end; past that, kills it (SIGKILL)
// and returns -1.
inline int waitExitWithin(pid_t pid, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < end) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

// Polls `done` every 50 ms for up to `limit`.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// GET on 127.0.0.1:port; throws Poco::Exception when nothing answers.
inline std::string httpGet(uint16_t port, const std::string& path, int& status) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  session.setTimeout(Poco::Timespan(5, 0));
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, path);
  session.sendRequest(req);
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  status = resp.getStatus();
  std::string body;
  Poco::StreamCopier::copyToString(in, body);
  return body;
}

// The value of `name{feed="<feed>"}` in a Prometheus text page; -1 when absent.
inline double metricValue(const std::string& page, const std::string& name, const std::string& feed) {
  const std::string key = name + "{feed=\"" + feed + "\"} ";
  const size_t at = page.find(key);
  if (at == std::string::npos) return -1;
  return std::stod(page.substr(at + key.size()));
}

// A field of /proc/PID/status in KiB (VmRSS, VmHWM); -1 when unreadable.
inline long procStatusKiB(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

}  // namespace rcfeed::test
