#pragma once
// Paths and readers for the recorded MediaWiki data in fixtures/.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rcfeed::test {

inline std::string fixturePath(const std::string& rel) { return std::string(RCFEED_FIXTURES) + "/" + rel; }

inline std::vector<std::string> readLines(const std::string& rel) {
  std::ifstream in(fixturePath(rel), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + rel);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

inline std::string readFile(const std::string& rel) {
  std::ifstream in(fixturePath(rel), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The standard output of a shell command (the built binary in a pipeline).
inline std::string commandOutput(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace rcfeed::test
