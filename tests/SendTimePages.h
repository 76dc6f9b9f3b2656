#pragma once
// The fixture wiki's pages as they were when each change of the mw139-en
// feed was formatted, for comparing parsedcomment (red links, redirect
// classes) with what EventBus sent.
//
// enwiki.sqlite holds the state after the last change. Walking the UDP feed
// (udp-json.jsonl is in the order MediaWiki sent the changes) backwards from
// there, each change that alters pages is undone:
//   new                     the page did not exist before;
//   edit                    the page was a redirect before iff the previous
//                           revision's text (revision/slots/content/text) is
//                           a #REDIRECT;
//   move/move, move_redir   the source page held what the target holds after
//                           the move; the target was missing (move) or a
//                           redirect (move_redir);
//   delete/delete           the page (and, for a File: page, the file)
//                           existed, a redirect iff its last revision
//                           (archive, or revision when restored later) was;
//   delete/delete_redir     nothing: the redirect a move replaced was deleted
//                           in the same request before the move, but its feed
//                           line comes after the move's, whose undo already
//                           brings the redirect back;
//   delete/restore          the page (and its file) was missing;
//   upload/upload           the file and its File: page were missing;
//   import/upload           the imported page was missing (the fixture's one
//                           import created its page).
// Changes made without a feed entry (edit.php --no-rc) are not seen; the
// golden tests show that no comment links to a page they touched.

#include <Poco/Data/Session.h>
#include <rapidjson/document.h>

#include <ctime>
#include <map>
#include <regex>

#include "Fixtures.h"
#include "formatter/TitleCodec.h"
#include "rcfeed/DbPageStore.h"

namespace rcfeed::test {

inline DbPageStoreOptions fixtureDb() {
  DbPageStoreOptions options;
  options.dsn = "sqlite:" + fixturePath("mw139-en/enwiki.sqlite");
  return options;
}

class SendTimePages final : public PageStore {
 public:
  SendTimePages(WikiPtr wiki, const std::vector<std::string>& udpLines)
      : codec_(wiki),
        current_(fixtureDb()),
        session_("SQLite", "file:" + fixturePath("mw139-en/enwiki.sqlite") + "?mode=ro") {
    for (const auto& line : udpLines) {
      rapidjson::Document d;
      d.Parse(line.c_str());
      Change c;
      const ParsedTitle t = codec_.parse(d["title"].GetString());
      c.page = {t.ns, t.dbkey};
      c.type = d["type"].GetString();
      c.timestamp = d["timestamp"].GetInt64();
      if (c.type == "log") {
        c.logType = d["log_type"].GetString();
        c.logAction = d["log_action"].GetString();
        const auto& params = d["log_params"];
        if (params.IsObject() && params.HasMember("target")) {
          const ParsedTitle target = codec_.parse(params["target"].GetString());
          c.target = {target.ns, target.dbkey};
          c.noRedirect = params.HasMember("noredir") && std::string(params["noredir"].GetString()) == "1";
        }
      }
      if (d.HasMember("revision") && d["revision"].IsObject() && d["revision"].HasMember("old") &&
          d["revision"]["old"].IsInt64()) {
        c.oldRevision = d["revision"]["old"].GetInt64();
      }
      changes_.push_back(std::move(c));
    }
  }

  // Answer as of just after change `index` (0-based udp-json.jsonl line).
  void setPosition(size_t index) { position_ = index; }

  void lookup(const std::vector<PageKey>& keys, std::vector<PageState>& states) const override {
    states.clear();
    for (const auto& k : keys) states.push_back(after({k.ns, k.dbkey}, position_));
  }

 private:
  using Key = std::pair<int, std::string>;
  struct Change {
    Key page;
    std::string type, logType, logAction;
    int64_t timestamp = 0;
    Key target;
    bool noRedirect = false;
    int64_t oldRevision = 0;
  };

  PageState after(const Key& key, size_t i) const {
    auto memo = memo_.find({key, i});
    if (memo != memo_.end()) return memo->second;
    PageState s;
    if (i + 1 == changes_.size()) {
      std::vector<PageState> found;
      current_.lookup({PageKey{key.first, key.second}}, found);
      s = found.at(0);
    } else {
      s = before(changes_[i + 1], key, i + 1);
    }
    memo_[{key, i}] = s;
    return s;
  }

  // The state of `key` before `c` (change number i) was made.
  PageState before(const Change& c, const Key& key, size_t i) const {
    const PageState later = after(key, i);
    const bool onPage = key == c.page;
    // A File: page and its Media: key (the file) go together.
    const bool onFile = c.page.first == 6 && key.first == -2 && key.second == c.page.second;
    if (c.type == "new" && onPage) return PageState{};
    if (c.type == "edit" && onPage && c.oldRevision) return PageState{later.known, isRedirect(c.oldRevision)};
    if (c.type != "log") return later;
    const std::string action = c.logType + "/" + c.logAction;
    if (action == "move/move" || action == "move/move_redir") {
      if (key == c.target) return action == "move/move" ? PageState{} : PageState{true, true};
      if (onPage) return after(c.target, i);
      return later;
    }
    if (action == "delete/delete" && (onPage || onFile)) {
      return PageState{true, onPage && isRedirect(lastRevision(c.page, c.timestamp))};
    }
    if ((action == "delete/restore" || action == "upload/upload" || action == "import/upload") && (onPage || onFile))
      return PageState{};
    return later;
  }

  static std::string mwTimestamp(int64_t unix) {
    std::time_t t = static_cast<std::time_t>(unix);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    return buf;
  }

  int64_t lastRevision(const Key& page, int64_t unix) const {
    using namespace Poco::Data::Keywords;
    const std::string ts = mwTimestamp(unix);
    int ns = page.first;
    std::string title = page.second;
    Poco::Nullable<Poco::Int64> rev;
    session_ << "SELECT MAX(rev) FROM (SELECT ar_rev_id AS rev FROM archive WHERE ar_namespace = ? AND ar_title = ? "
                "AND ar_timestamp <= ? UNION SELECT rev_id FROM revision JOIN page ON rev_page = page_id "
                "WHERE page_namespace = ? AND page_title = ? AND rev_timestamp <= ?)",
        use(ns), use(title), bind(ts), use(ns), use(title), bind(ts), into(rev), now;
    return rev.isNull() ? 0 : rev.value();
  }

  bool isRedirect(int64_t revision) const {
    using namespace Poco::Data::Keywords;
    if (!revision) return false;
    Poco::Nullable<std::string> text;
    Poco::Int64 rev = revision;
    session_ << "SELECT old_text FROM slots JOIN content ON content_id = slot_content_id "
                "JOIN text ON content_address = 'tt:' || old_id WHERE slot_revision_id = ?",
        use(rev), into(text), now;
    // WikitextContent::getRedirectTarget with English's #REDIRECT magic word.
    static const std::regex redirect(R"(^\s*#redirect\s*:?\s*\[\[)", std::regex::icase);
    return !text.isNull() && std::regex_search(text.value(), redirect);
  }

  TitleCodec codec_;
  DbPageStore current_;
  mutable Poco::Data::Session session_;
  std::vector<Change> changes_;
  size_t position_ = 0;
  mutable std::map<std::pair<Key, size_t>, PageState> memo_;
};

}  // namespace rcfeed::test
