// The durable spool: what was appended survives reopening, damage is found
// and bounded, and the acknowledged mark decides what is handed out again.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "TempDir.h"
#include "rcfeed/Spool.h"

namespace rcfeed {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::vector<std::string> payloads(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i <= to; ++i) out.push_back("{\"change\":" + std::to_string(i) + "}");
  return out;
}

size_t appendAll(Spool& spool, const std::vector<std::string>& items) {
  std::vector<std::string_view> views(items.begin(), items.end());
  return spool.append(views);
}

std::vector<SpoolRecord> readAll(Spool& spool) {
  std::vector<SpoolRecord> out;
  while (true) {
    const size_t before = out.size();
    spool.read(out, 1000, milliseconds(0));
    if (out.size() == before) return out;
  }
}

std::vector<std::string> payloadsOf(const std::vector<SpoolRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.payload);
  return out;
}

std::vector<fs::path> segmentFiles(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".seg") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SpoolTest : public ::testing::Test {
 protected:
  SpoolOptions options() const {
    SpoolOptions o;
    o.directory = dir_.path() + "/spool";
    return o;
  }
  test::TempDir dir_;
};

TEST_F(SpoolTest, RecordsSurviveCloseAndReopen) {
  {
    Spool spool(options());
    EXPECT_EQ(appendAll(spool, payloads(1, 5)), 5u);
  }
  Spool spool(options());
  const auto records = readAll(spool);
  EXPECT_EQ(payloadsOf(records), payloads(1, 5));
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].sequence, i + 1);
  EXPECT_EQ(spool.counters().tornRecords, 0u);
  EXPECT_EQ(spool.counters().corruptRecords, 0u);
}

TEST_F(SpoolTest, RecordsAreReadableRightAfterAppend) {
  Spool spool(options());
  appendAll(spool, payloads(1, 3));
  EXPECT_EQ(payloadsOf(readAll(spool)), payloads(1, 3));
  appendAll(spool, payloads(4, 4));
  EXPECT_EQ(payloadsOf(readAll(spool)), payloads(4, 4));
}

TEST_F(SpoolTest, TornTailIsCutOffAndCounted) {
  {
    Spool spool(options());
    appendAll(spool, payloads(1, 3));
  }
  const auto segments = segmentFiles(options().directory);
  ASSERT_EQ(segments.size(), 1u);
  fs::resize_file(segments[0], fs::file_size(segments[0]) - 3);  // a crash in the middle of the last write
  {
    Spool spool(options());
    EXPECT_EQ(spool.counters().tornRecords, 1u);
    EXPECT_EQ(payloadsOf(readAll(spool)), payloads(1, 2));
    appendAll(spool, payloads(4, 4));
  }
  Spool spool(options());
  EXPECT_EQ(spool.counters().tornRecords, 0u) << "the cut must have been made on disk";
  std::vector<std::string> expected = payloads(1, 2);
  expected.push_back(payloads(4, 4)[0]);
  EXPECT_EQ(payloadsOf(readAll(spool)), expected);
}

TEST_F(SpoolTest, ZeroFilledTailIsCutOff) {
  {
    Spool spool(options());
    appendAll(spool, payloads(1, 2));
  }
  const auto segments = segmentFiles(options().directory);
  ASSERT_EQ(segments.size(), 1u);
  fs::resize_file(segments[0], fs::file_size(segments[0]) + 40);  // size grew, data never reached the disk
  Spool spool(options());
  EXPECT_EQ(spool.counters().tornRecords, 1u);
  EXPECT_EQ(payloadsOf(readAll(spool)), payloads(1, 2));
}

TEST_F(SpoolTest, ChecksumMismatchIsDetectedAndOnlyThatRecordSkipped) {
  {
    Spool spool(options());
    appendAll(spool, payloads(1, 3));
  }
  const auto segments = segmentFiles(options().directory);
  ASSERT_EQ(segments.size(), 1u);
  {
    // Flip one payload byte of the second record.
    std::fstream f(segments[0], std::ios::in | std::ios::out | std::ios::binary);
    const std::string first = payloads(1, 1)[0];
    const std::streamoff offset = static_cast<std::streamoff>(16 + first.size() + 16 + 3);
    f.seekg(offset);
    char c = 0;
    f.get(c);
    f.seekp(offset);
    f.put(static_cast<char>(c ^ 0x20));
  }
  Spool spool(options());
  EXPECT_EQ(spool.counters().corruptRecords, 1u);
  const auto records = readAll(spool);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, payloads(1, 1)[0]);
  EXPECT_EQ(records[1].payload, payloads(3, 3)[0]);
  EXPECT_EQ(records[1].sequence, 3u);
  EXPECT_EQ(spool.counters().corruptRecords, 1u) << "counted once, not again when read";
}

TEST_F(SpoolTest, AcknowledgedRecordsAreNotHandedOutAfterReopen) {
  {
    Spool spool(options());
    appendAll(spool, payloads(1, 10));
    const auto records = readAll(spool);
    ASSERT_EQ(records.size(), 10u);
    spool.acknowledge(records[5].sequence);
  }
  Spool spool(options());
  EXPECT_EQ(spool.counters().acknowledged, 6u);
  const auto records = readAll(spool);
  EXPECT_EQ(payloadsOf(records), payloads(7, 10));
  EXPECT_EQ(records.front().sequence, 7u);
  appendAll(spool, payloads(11, 11));
  const auto more = readAll(spool);
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0].sequence, 11u);
}

TEST_F(SpoolTest, MarkIsWrittenByMaintainAtMostEveryIntervalAndOnClose) {
  SpoolOptions o = options();
  o.markInterval = std::chrono::hours(1);
  auto markOnDisk = [&] {
    std::ifstream in(o.directory + "/acknowledged");
    std::string text;
    std::getline(in, text);
    return text;
  };
  {
    Spool spool(o);
    appendAll(spool, payloads(1, 5));
    readAll(spool);
    spool.acknowledge(2);
    EXPECT_EQ(markOnDisk(), "") << "acknowledge itself does not wait for the disk";
    spool.maintain();
    EXPECT_EQ(markOnDisk(), "2");
    spool.acknowledge(4);
    spool.maintain();
    EXPECT_EQ(markOnDisk(), "2") << "written again only after markInterval";
  }
  EXPECT_EQ(markOnDisk(), "4") << "written when the spool closes";
}

TEST_F(SpoolTest, UnacknowledgedRecordsAreHandedOutAgainAfterReopen) {
  {
    Spool spool(options());
    appendAll(spool, payloads(1, 4));
    EXPECT_EQ(readAll(spool).size(), 4u);
  }
  Spool spool(options());
  EXPECT_EQ(payloadsOf(readAll(spool)), payloads(1, 4));
}

TEST_F(SpoolTest, AcknowledgeNeverPassesWhatWasRead) {
  Spool spool(options());
  appendAll(spool, payloads(1, 4));
  std::vector<SpoolRecord> two;
  spool.read(two, 2, milliseconds(0));
  ASSERT_EQ(two.size(), 2u);
  spool.acknowledge(4);
  EXPECT_EQ(spool.counters().acknowledged, 2u);
}

TEST_F(SpoolTest, SegmentsBelowTheMarkAreDeleted) {
  SpoolOptions o = options();
  o.maxBytes = 2048;  // segments of about 256 bytes
  std::vector<SpoolRecord> records;
  {
    Spool spool(o);
    appendAll(spool, payloads(1, 60));
    records = readAll(spool);
    ASSERT_EQ(records.size(), 60u);
    const size_t before = segmentFiles(o.directory).size();
    ASSERT_GE(before, 3u);
    const uint64_t bytesBefore = spool.counters().bytes;
    spool.acknowledge(records[39].sequence);
    const size_t after = segmentFiles(o.directory).size();
    EXPECT_LT(after, before);
    EXPECT_LT(spool.counters().bytes, bytesBefore);
  }
  Spool spool(o);
  EXPECT_EQ(payloadsOf(readAll(spool)), payloads(41, 60));
  spool.acknowledge(60);
  appendAll(spool, payloads(61, 61));
  EXPECT_EQ(segmentFiles(o.directory).size(), 1u) << "only the segment being written remains";
}

TEST_F(SpoolTest, FullSpoolKeepsOldestAndDropsNew) {
  SpoolOptions o = options();
  o.maxBytes = 1024;
  Spool spool(o);
  const std::string payload(100, 'p');
  std::vector<std::string> items;
  for (int i = 0; i < 20; ++i) items.push_back(payload + std::to_string(i % 10));
  const size_t written = appendAll(spool, items);
  const SpoolCounters c = spool.counters();
  EXPECT_LT(written, items.size());
  EXPECT_EQ(c.fullDropped, items.size() - written);
  EXPECT_LE(c.bytes, o.maxBytes);
  const auto records = readAll(spool);
  ASSERT_EQ(records.size(), written);
  for (size_t i = 0; i < written; ++i) EXPECT_EQ(records[i].payload, items[i]) << "the oldest are kept";

  // Delivery makes room again.
  spool.acknowledge(records.back().sequence);
  appendAll(spool, payloads(1, 1));
  EXPECT_EQ(payloadsOf(readAll(spool)), payloads(1, 1));
}

TEST_F(SpoolTest, SequenceNumbersKeepGrowingWhenEverythingWasDeleted) {
  {
    Spool spool(options());
    appendAll(spool, payloads(1, 3));
    readAll(spool);
    spool.acknowledge(3);
  }
  {
    Spool spool(options());
    EXPECT_TRUE(segmentFiles(options().directory).empty());
    appendAll(spool, payloads(4, 4));
  }
  Spool spool(options());
  const auto records = readAll(spool);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sequence, 4u);
}

TEST_F(SpoolTest, InterruptEndsAWaitingRead) {
  Spool spool(options());
  spool.interrupt();
  std::vector<SpoolRecord> out;
  EXPECT_FALSE(spool.read(out, 10, std::chrono::hours(1)));
  appendAll(spool, payloads(1, 1));
  EXPECT_TRUE(spool.read(out, 10, std::chrono::hours(1)));
  EXPECT_EQ(out.size(), 1u);
}

TEST_F(SpoolTest, OneDirectoryHasOneSpoolAtATime) {
  auto first = std::make_unique<Spool>(options());
  try {
    Spool second(options());
    FAIL() << "a second spool opened the same directory";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  first.reset();
  EXPECT_NO_THROW(Spool again(options()));
}

TEST_F(SpoolTest, BadMarkFileIsAnErrorNamingIt) {
  fs::create_directories(options().directory);
  std::ofstream(options().directory + "/acknowledged") << "twelve\n";
  try {
    Spool spool(options());
    FAIL() << "opened with a bad mark";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("acknowledged"), std::string::npos) << e.what();
  }
}

TEST_F(SpoolTest, EverySyncPolicyKeepsRecordsAcrossReopen) {
  for (SpoolSync sync : {SpoolSync::EveryBatch, SpoolSync::Interval, SpoolSync::Never}) {
    test::TempDir dir;
    SpoolOptions o;
    o.directory = dir.path();
    o.sync = sync;
    o.syncInterval = milliseconds(0);
    {
      Spool spool(o);
      appendAll(spool, payloads(1, 3));
      spool.maintain();
    }
    Spool spool(o);
    EXPECT_EQ(payloadsOf(readAll(spool)), payloads(1, 3));
  }
}

}  // namespace
}  // namespace rcfeed
