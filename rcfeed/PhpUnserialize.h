#pragma once
// A strict, bounded reader of PHP's serialize() format, for the blobs
// MediaWiki stores in rc_params and log_params.
//
// Accepts exactly the forms PHP writes for scalars and arrays:
//   N;  b:0; b:1;  i:<int>;  d:<float>|INF|-INF|NAN;  s:<bytes>:"...";
//   a:<count>:{<key><value>...}   (keys i: or s:; numeric string keys become
//                                  integer keys, as PHP's unserialize does)
// Objects (O:, C:), enums (E:) and references (r:, R:) are refused: MediaWiki
// never stores them in log parameters, and refusing them keeps the reader
// free of PHP's object semantics. Bytes after the value are refused too.
//
// Bounds: nesting depth is limited; a declared string length or element
// count is checked against the input that remains before anything is
// allocated, so memory use is proportional to the input. Malformed input is
// reported with the byte offset where reading failed; it never throws.
// Thread-safe (no shared state).

#include <cstddef>
#include <string>
#include <string_view>

#include "rcfeed/PhpValue.h"

namespace rcfeed {

struct PhpUnserializeOptions {
  size_t maxDepth = 64;  // arrays nested deeper than this are refused
};

struct PhpUnserializeResult {
  bool ok = false;
  PhpValue value;     // the value, when ok
  std::string error;  // what was wrong, when !ok ("... at byte N")
  size_t offset = 0;  // byte offset of the failure, when !ok
};

PhpUnserializeResult phpUnserialize(std::string_view input, const PhpUnserializeOptions& options = {});

}  // namespace rcfeed
