#pragma once
// RecentChange: one change as MediaWiki's machine-readable RC feed packet
// carries it (spec 1.8), plus the few row facts that are not in the packet
// but that filters and later fields need. Sources fill it; the formatter only
// reads it. Field names follow the rc_* columns and the packet keys.

#include <cstdint>
#include <optional>
#include <string>

#include "rcfeed/PhpValue.h"

namespace rcfeed {

// rc_type values (RecentChange::RC_* in MediaWiki).
enum RCType : int {
  RC_EDIT = 0,
  RC_NEW = 1,
  RC_LOG = 3,
  RC_EXTERNAL = 5,
  RC_CATEGORIZE = 6,
};

// Packet `type` for an rc_type (spec 1.8.2): a name, or the decimal string.
std::string rcTypeName(int rcType);
// Inverse; unknown names parse as decimal integers, else -1.
int rcTypeFromName(std::string_view name);

struct RecentChange {
  // --- packet fields, in emission order (spec 1.8.1) ---
  std::optional<int64_t> id;  // rc_id; empty when the change has no row
  std::string type;           // packet `type` as MediaWiki wrote it
  int rcType = RC_EDIT;       // what chooses the packet sections [1.39]
  int64_t ns = 0;
  std::string title;          // prefixed text, with spaces
  std::string comment;
  int64_t timestamp = 0;      // Unix seconds
  std::string user;
  bool bot = false;
  std::optional<PhpValue> channel;

  // edit and new
  bool minor = false;
  std::optional<bool> patrolled;  // empty when patrolling does not apply
  std::optional<int64_t> oldLen, newLen;
  std::optional<int64_t> lastOldid, thisOldid;

  // log
  std::optional<int64_t> logId;
  std::optional<std::string> logType;
  std::string logAction;
  std::optional<PhpValue> logParams;            // empty: key not emitted
  std::optional<std::string> logActionComment;  // empty: null

  std::string serverUrl;
  std::string serverName;
  std::string serverScriptPath;
  std::string wiki;

  // --- row facts outside the packet ---
  std::string source;               // rc_source ("mw.edit", ...); "" when unknown
  std::optional<bool> registered;   // actor_user is not NULL; unknown from UDP
  int deleted = 0;                  // rc_deleted bitfield

  bool hasEditSections() const { return rcType == RC_EDIT || rcType == RC_NEW; }
  bool isLog() const { return rcType == RC_LOG; }
};

}  // namespace rcfeed
