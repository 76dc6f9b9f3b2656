// A writer killed with SIGKILL at arbitrary moments: every record it was
// told had been appended is still in the spool, in order, after reopening.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "TempDir.h"
#include "rcfeed/Spool.h"

namespace rcfeed {
namespace {

std::string payloadFor(uint64_t n) { return "{\"change\":" + std::to_string(n) + "}"; }

// Appends change-N records from `next` on, reporting each appended N on `fd`,
// until killed.
[[noreturn]] void writeUntilKilled(const SpoolOptions& options, uint64_t next, int fd) {
  setLogLevel(LogLevel::Error);
  Spool spool(options);
  while (true) {
    const std::string payload = payloadFor(next);
    if (spool.append({payload}) == 1) {
      if (::write(fd, &next, sizeof next) != sizeof next) ::_exit(3);
      ++next;
    }
  }
}

TEST(SpoolCrashTest, KilledWriterLosesNothingItReported) {
  test::TempDir dir;
  SpoolOptions options;
  options.directory = dir.path();
  options.maxBytes = 64 << 20;
  options.segmentBytes = 4096;  // many segment changes, so kills land around them too
  // SIGKILL leaves the page cache intact, so this holds without fdatasync;
  // power loss is what the sync policy is for.
  options.sync = SpoolSync::Never;

  uint64_t delivered = 0;  // highest change read back so far
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      writeUntilKilled(options, delivered + 1, fds[1]);
    }
    ::close(fds[1]);
    const uint64_t killAfter = 200 + 150 * static_cast<uint64_t>(round);
    uint64_t reported = 0;
    for (uint64_t got = 0; got < killAfter;) {
      uint64_t n = 0;
      ASSERT_EQ(::read(fds[0], &n, sizeof n), static_cast<ssize_t>(sizeof n)) << "writer died by itself";
      reported = n;
      ++got;
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    for (uint64_t n = 0; ::read(fds[0], &n, sizeof n) == static_cast<ssize_t>(sizeof n);) reported = n;
    ::close(fds[0]);

    Spool spool(options);
    std::vector<SpoolRecord> records;
    while (true) {
      const size_t before = records.size();
      spool.read(records, 10000, std::chrono::milliseconds(0));
      if (records.size() == before) break;
    }
    ASSERT_FALSE(records.empty());
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_EQ(records[i].payload, payloadFor(delivered + 1 + i)) << "record " << i;
      if (i > 0) {
        ASSERT_GT(records[i].sequence, records[i - 1].sequence);
      }
    }
    EXPECT_GE(delivered + records.size(), reported) << "reported changes lost";
    EXPECT_EQ(spool.counters().corruptRecords, 0u);
    delivered += records.size();
    spool.acknowledge(records.back().sequence);
  }
}

}  // namespace
}  // namespace rcfeed
