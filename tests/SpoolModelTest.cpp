// The spool against a model: random appends, reads, acknowledgements and
// reopenings (fixed seed), checking after every step that what comes out is
// exactly what the model says, and that delivered data leaves the disk.

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <random>

#include "TempDir.h"
#include "rcfeed/Spool.h"

namespace rcfeed {
namespace {

namespace fs = std::filesystem;

uint64_t bytesOnDisk(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".seg") total += e.file_size();
  }
  return total;
}

TEST(SpoolModelTest, RandomOperationsMatchTheModel) {
  test::TempDir dir;
  SpoolOptions options;
  options.directory = dir.path();
  options.segmentBytes = 300;
  options.sync = SpoolSync::Never;  // the model checks logic, not the disk
  constexpr size_t kMaxPayloadHere = 200;

  setLogLevel(LogLevel::Warn);  // 150-odd reopenings would each log at info
  std::mt19937 random(20240611);
  auto pick = [&](size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(random); };

  std::vector<std::string> all;  // every payload appended; sequence number = index + 1
  uint64_t mark = 0;             // acknowledged
  uint64_t handedOut = 0;        // highest sequence read in this opening
  auto spool = std::make_unique<Spool>(options);

  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const size_t op = pick(0, 99);
    if (op < 40) {
      std::vector<std::string> batch;
      for (size_t n = pick(0, 5); n > 0; --n) {
        batch.push_back(std::to_string(all.size() + batch.size() + 1) + ":" +
                        std::string(pick(0, kMaxPayloadHere), static_cast<char>('a' + pick(0, 25))));
      }
      std::vector<std::string_view> views(batch.begin(), batch.end());
      ASSERT_EQ(spool->append(views), batch.size());
      all.insert(all.end(), batch.begin(), batch.end());
    } else if (op < 80) {
      std::vector<SpoolRecord> got;
      const size_t max = pick(1, 10);
      spool->read(got, max, std::chrono::milliseconds(0));
      const size_t expected = std::min<size_t>(max, all.size() - handedOut);
      ASSERT_EQ(got.size(), expected);
      for (const SpoolRecord& r : got) {
        ASSERT_EQ(r.sequence, handedOut + 1);
        ASSERT_EQ(r.payload, all[handedOut]);
        ++handedOut;
      }
    } else if (op < 95) {
      if (handedOut > mark) {
        mark = mark + pick(1, handedOut - mark);
        spool->acknowledge(mark);
        ASSERT_EQ(spool->counters().acknowledged, mark);
      }
    } else {
      spool.reset();
      spool = std::make_unique<Spool>(options);
      handedOut = mark;  // everything not acknowledged comes again
      if (all.size() > mark) {
        ASSERT_EQ(spool->counters().lastSequence, all.size());
      }
    }
    const SpoolCounters c = spool->counters();
    ASSERT_EQ(c.bytes, bytesOnDisk(dir.path()));
    // Delivered records linger only in the segment holding the mark and in
    // the one being written.
    uint64_t pending = 0;
    for (size_t i = mark; i < all.size(); ++i) pending += 16 + all[i].size();
    ASSERT_LE(c.bytes, pending + 2 * (options.segmentBytes + 16 + kMaxPayloadHere + 8));
  }
  EXPECT_EQ(spool->counters().tornRecords, 0u);
  EXPECT_EQ(spool->counters().corruptRecords, 0u);
  EXPECT_GT(all.size(), 1000u);
  setLogLevel(LogLevel::Info);
}

}  // namespace
}  // namespace rcfeed
