#include "rcfeed/RecentChange.h"

#include <charconv>

namespace rcfeed {

std::string rcTypeName(int rcType) {
  switch (rcType) {
    case RC_EDIT: return "edit";
    case RC_NEW: return "new";
    case RC_LOG: return "log";
    case RC_EXTERNAL: return "external";
    case RC_CATEGORIZE: return "categorize";
    default: return std::to_string(rcType);
  }
}

int rcTypeFromName(std::string_view name) {
  if (name == "edit") return RC_EDIT;
  if (name == "new") return RC_NEW;
  if (name == "log") return RC_LOG;
  if (name == "external") return RC_EXTERNAL;
  if (name == "categorize") return RC_CATEGORIZE;
  int v = -1;
  auto r = std::from_chars(name.data(), name.data() + name.size(), v);
  if (r.ec != std::errc() || r.ptr != name.data() + name.size()) return -1;
  return v;
}

}  // namespace rcfeed
