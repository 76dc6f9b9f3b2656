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
//  - the comment part: MediaWiki appends the comment as the request gave it
//    (ManualLogEntry trims it but does not cut it; some callers pass it
//    untrimmed, e.g. an upload whose summary was the page text, which kept a
//    trailing newline), while the row holds it trimmed and cut to 500
//    characters;
//  - block/reblock expiry: translateBlockExpiry() is followed for the
//    ipboptions labels, the infinite forms and "<n> <unit>" sequences
//    (seconds to years, months and years counted on the calendar from the
//    log timestamp, as strtotime() does); other strtotime() forms (absolute
//    dates, "next monday") are shown as stored, where MediaWiki would show a
//    date or a duration;
//  - log types other than those above (extension log types included): their
//    text needs MediaWiki's formatter classes and catalogue; rcfeed returns
//    no text (the field is null) rather than a guess;
//  - GENDER: the neutral form is used (the performer's preference is not in
//    the row); English has one form, other languages may differ;
//  - a performer or target hidden by revision deletion is shown, where
//    MediaWiki would show its "(username removed)" text; rows with rc_deleted
//    set are skipped by the DB tail anyway.
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
