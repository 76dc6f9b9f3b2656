#pragma once
// log_action_comment: the text MediaWiki attaches to a log change for its RC
// feeds (LogFormatter::getIRCActionComment, spec 1.8.6), rebuilt from the
// log entry's row, for rcfeed's DB tail.
//
// The text is the action text (the legacy IRC messages for move, delete,
// protect, newusers, upload, rights, merge, block, import and patrol; the
// plain-text logentry-* messages for delete_redir, delete/revision,
// delete/event, managetags, tag/update and contentmodel), then the content
// language's colon separator and the comment when the comment is not empty.
// Messages come from a per-language catalogue (LogMessages); English ("en")
// is the only catalogue so far. To add a language, add its table in
// LogActionComment.cpp and return it from LogMessages::forLanguage.
//
// What cannot be rebuilt exactly from the database:
//  - the comment: the feed carries the comment as the request gave it
//    (ManualLogEntry trims it but does not truncate it), the row holds it
//    trimmed and cut to 500 characters; log entries whose RecentChange was
//    built from an untrimmed comment (uploads) differ in surrounding
//    whitespace;
//  - block/reblock expiry given as a relative time in months or years, or as
//    a form strtotime() understands beyond "<n> <unit>" and "infinite":
//    MediaWiki computes the duration with PHP's strtotime(); rcfeed handles
//    plain "<n> <unit>" lists (seconds..years, calendar months and years from
//    the log timestamp) and the $wgBlockOptions labels, else shows the
//    expiry as given;
//  - log types not listed above (and extension log types): their text comes
//    from MediaWiki's message catalogue and formatter classes; rcfeed then
//    returns no text (the field is null), rather than a guess;
//  - GENDER and PLURAL forms beyond English's.
// Pure and thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rcfeed {

class LogMessages;

// One log entry as the recentchanges (or logging) row describes it.
struct LogEntryRow {
  std::string type;        // log_type
  std::string action;      // log_action (the subtype)
  std::string target;      // prefixed text of the target title ("User:Bob")
  std::string performer;   // actor_name
  std::optional<std::string> params;  // rc_params / log_params blob, as stored
  int64_t timestamp = 0;   // Unix seconds of the entry
  std::string comment;     // comment_text
};

// Empty when the type/subtype is not one rcfeed can render in `messages`'
// language.
std::optional<std::string> logActionComment(const LogEntryRow& entry, const LogMessages& messages);

// A content language's messages for the texts above.
class LogMessages {
 public:
  // The catalogue for a language code ("en"); nullptr when rcfeed has none.
  static const LogMessages* forLanguage(std::string_view code);

  // The message text (MediaWiki's en.json form, with $1..$n), or empty.
  virtual std::string_view get(std::string_view key) const = 0;
  virtual ~LogMessages() = default;
};

}  // namespace rcfeed
