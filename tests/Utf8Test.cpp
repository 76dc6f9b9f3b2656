// UTF-8 validity (rcfeed/Utf8.h): the whole string is judged, whether the
// bad byte falls in the eight-byte ASCII runs or between them.

#include <gtest/gtest.h>

#include "rcfeed/Utf8.h"

namespace rcfeed {
namespace {

TEST(Utf8, InvalidSequenceIsFoundAtAnyOffset) {
  for (size_t at = 0; at < 24; ++at) {
    std::string s(24, 'a');
    s.insert(at, "\xC3\xA9");
    EXPECT_TRUE(isValidUtf8(s)) << at;
    s.insert(at, "\xC3");
    EXPECT_FALSE(isValidUtf8(s)) << at;
    s = std::string(24, 'a');
    s.insert(at, "\xED\xA0\x80");  // a surrogate
    EXPECT_FALSE(isValidUtf8(s)) << at;
  }
}

TEST(Utf8, TruncatedSequenceAtTheEndOfALongRun) {
  EXPECT_FALSE(isValidUtf8(std::string(16, 'a') + "\xE2\x80"));
  EXPECT_TRUE(isValidUtf8(std::string(16, 'a') + "\xE2\x80\xA8"));
}

}  // namespace
}  // namespace rcfeed
