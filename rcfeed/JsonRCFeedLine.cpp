#include "rcfeed/JsonRCFeedLine.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cstdint>
#include <cstring>

#include "rcfeed/Utf8.h"

namespace rcfeed {
namespace {

using rapidjson::Value;

struct Refused {
  std::string why;
};

std::string str(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// The line was valid UTF-8 when parsed, so a string that is not comes from
// a \udc00-\udfff escape without a high surrogate before it, which RapidJSON
// decodes as is and PHP's json_decode refuses (JSON_ERROR_UTF16).
void wantUtf8(std::string_view s, const char* key) {
  if (!isValidUtf8(s)) throw Refused{std::string("'") + key + "' holds an unpaired UTF-16 surrogate escape"};
}

void wantUtf8Strings(const Value& v, const char* key) {
  if (v.IsString()) {
    wantUtf8(std::string_view(v.GetString(), v.GetStringLength()), key);
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) wantUtf8Strings(e, key);
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      wantUtf8(std::string_view(m.name.GetString(), m.name.GetStringLength()), key);
      wantUtf8Strings(m.value, key);
    }
  }
}

// Strict accessors: each names the key in its refusal.
std::string wantString(const Value& v, const char* key) {
  if (!v.IsString()) throw Refused{std::string("'") + key + "' must be a string"};
  wantUtf8(std::string_view(v.GetString(), v.GetStringLength()), key);
  return str(v);
}

int64_t wantInt(const Value& v, const char* key) {
  if (!v.IsInt64()) throw Refused{std::string("'") + key + "' must be an integer"};
  return v.GetInt64();
}

bool wantBool(const Value& v, const char* key) {
  if (!v.IsBool()) throw Refused{std::string("'") + key + "' must be a boolean"};
  return v.GetBool();
}

std::optional<int64_t> intOrNull(const Value& v, const char* key) {
  if (v.IsNull()) return std::nullopt;
  return wantInt(v, key);
}

PhpValue phpValue(const Value& v, const char* key) {
  if (!jsonDepthWithin(v)) {
    throw Refused{std::string("'") + key + "' is nested deeper than " + std::to_string(kMaxPhpValueDepth) + " levels"};
  }
  wantUtf8Strings(v, key);
  return PhpValue::fromJson(v);
}

void oldNew(const Value& v, const char* key, std::optional<int64_t>& oldV, std::optional<int64_t>& newV) {
  if (!v.IsObject()) throw Refused{std::string("'") + key + "' must be an object with old and new"};
  if (auto it = v.FindMember("old"); it != v.MemberEnd()) oldV = intOrNull(it->value, key);
  if (auto it = v.FindMember("new"); it != v.MemberEnd()) newV = intOrNull(it->value, key);
}

void fill(const Value& doc, RecentChange& rc) {
  if (!doc.IsObject()) throw Refused{"not a JSON object"};
  bool seenType = false, seenNs = false, seenTitle = false;
  for (const auto& m : doc.GetObject()) {
    const std::string_view k(m.name.GetString(), m.name.GetStringLength());
    const Value& v = m.value;
    if (k == "id") {
      rc.id = intOrNull(v, "id");
    } else if (k == "type") {
      seenType = true;
      if (v.IsInt()) {
        rc.rcType = v.GetInt();
        rc.type = std::to_string(rc.rcType);
      } else {
        rc.type = wantString(v, "type");
        rc.rcType = rcTypeFromName(rc.type);
        if (rc.rcType < 0) {
          // Quoted only when short: a cut could split a UTF-8 sequence.
          const std::string shown = rc.type.size() <= 64 ? "'" + rc.type + "'" : std::to_string(rc.type.size()) + " bytes long";
          throw Refused{"unknown 'type' " + shown +
                        " (MediaWiki sends edit, new, log, external, categorize or an rc_type number)"};
        }
      }
    } else if (k == "namespace") {
      seenNs = true;
      // MediaWiki namespace ids are PHP ints stored in an INT column; the
      // formatter and siteinfo keep them as int.
      rc.ns = wantInt(v, "namespace");
      if (rc.ns < INT32_MIN || rc.ns > INT32_MAX) throw Refused{"'namespace' is out of range: " + std::to_string(rc.ns)};
    } else if (k == "title") {
      seenTitle = true;
      rc.title = wantString(v, "title");
    } else if (k == "comment") {
      rc.comment = wantString(v, "comment");
    } else if (k == "timestamp") {
      rc.timestamp = wantInt(v, "timestamp");
    } else if (k == "user") {
      rc.user = wantString(v, "user");
    } else if (k == "bot") {
      rc.bot = wantBool(v, "bot");
    } else if (k == "channel") {
      rc.channel = phpValue(v, "channel");
    } else if (k == "minor") {
      rc.minor = wantBool(v, "minor");
    } else if (k == "patrolled") {
      rc.patrolled = wantBool(v, "patrolled");
    } else if (k == "length") {
      oldNew(v, "length", rc.oldLen, rc.newLen);
    } else if (k == "revision") {
      oldNew(v, "revision", rc.lastOldid, rc.thisOldid);
    } else if (k == "log_id") {
      rc.logId = intOrNull(v, "log_id");
    } else if (k == "log_type") {
      if (!v.IsNull()) rc.logType = wantString(v, "log_type");
    } else if (k == "log_action") {
      rc.logAction = wantString(v, "log_action");
    } else if (k == "log_params") {
      rc.logParams = phpValue(v, "log_params");
    } else if (k == "log_action_comment") {
      if (!v.IsNull()) rc.logActionComment = wantString(v, "log_action_comment");
    } else if (k == "server_url") {
      rc.serverUrl = wantString(v, "server_url");
    } else if (k == "server_name") {
      rc.serverName = wantString(v, "server_name");
    } else if (k == "server_script_path") {
      rc.serverScriptPath = wantString(v, "server_script_path");
    } else if (k == "wiki") {
      rc.wiki = wantString(v, "wiki");
    } else if (k == "title_url" || k == "notify_url") {
      // Master-only packet fields: rcfeed derives them from the wiki.
    }
  }
  if (!seenType) throw Refused{"missing 'type'"};
  if (!seenNs) throw Refused{"missing 'namespace'"};
  if (!seenTitle) throw Refused{"missing 'title'"};
  if (rc.rcType == RC_NEW || rc.rcType == RC_EDIT) {
    if (rc.rcType == RC_NEW) rc.source = "mw.new";
    else rc.source = "mw.edit";
  } else if (rc.rcType == RC_LOG) {
    rc.source = "mw.log";
  } else if (rc.rcType == RC_CATEGORIZE) {
    rc.source = "mw.categorize";
  }
}

}  // namespace

LineReadResult readJsonRCFeedLine(std::string_view line, RecentChange& rc) {
  LineReadResult result;
  // Parsed in place in a copy: RapidJSON then unescapes strings where they
  // lie instead of copying each one twice. The copy is per thread and as
  // large as the longest line read.
  thread_local std::string text;
  text.assign(line);
  if (!isValidUtf8(text)) result.replacedUtf8 = scrubUtf8(text);
  rapidjson::Document doc;
  // Iterative: the recursive parser's stack use grows with the nesting.
  doc.ParseInsitu<rapidjson::kParseIterativeFlag>(text.data());
  if (doc.HasParseError()) {
    result.error = std::string("invalid JSON at byte ") + std::to_string(doc.GetErrorOffset()) + ": " +
                   rapidjson::GetParseError_En(doc.GetParseError());
    return result;
  }
  rc = RecentChange{};
  try {
    fill(doc, rc);
  } catch (const Refused& r) {
    result.error = r.why;
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace rcfeed
