#pragma once
// Reading one line of MediaWiki's JSONRCFeedFormatter (the UDP datagram
// payload, without prefix or newline) into a RecentChange.

#include <string>
#include <string_view>

#include "rcfeed/RecentChange.h"

namespace rcfeed {

struct LineReadResult {
  bool ok = false;
  std::string error;           // why the line was refused, when !ok
  size_t replacedUtf8 = 0;     // invalid UTF-8 sequences replaced by U+FFFD
};

// Fills `rc` from the JSON packet in `line`. Keys may come in any order;
// unknown keys are ignored. A missing key the packet always has, or a value
// of the wrong JSON type, refuses the line with a message naming the key;
// so does log_params or channel nested deeper than kMaxPhpValueDepth, and a
// string with an unpaired UTF-16 surrogate escape (as json_decode does). Any
// line is read in stack space independent of its nesting.
LineReadResult readJsonRCFeedLine(std::string_view line, RecentChange& rc);

}  // namespace rcfeed
