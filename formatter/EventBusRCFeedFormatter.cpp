#include "formatter/EventBusRCFeedFormatter.h"

#include <algorithm>

#include "formatter/EventId.h"
#include "rcfeed/FormatJson.h"

namespace rcfeed {

OutputProfile profileForVersion(const MediaWikiVersion& v) {
  return v < MediaWikiVersion{1, 41} ? OutputProfile::MW139 : OutputProfile::Master;
}

EventBusRCFeedFormatter::EventBusRCFeedFormatter(WikiPtr wiki, FormatterOptions options)
    : wiki_(wiki), options_(options), comments_(wiki, options.profile, options.pages), titles_(wiki) {}

std::string EventBusRCFeedFormatter::titleUrl(const RecentChange& rc) const {
  // The packet's title is getPrefixedText() of the page MediaWiki already
  // had, so it is split, not re-parsed: re-parsing would "fix" a key stored
  // under older settings (e.g. before $wgCapitalLinks changed) and give a
  // different URL than MediaWiki's.
  const std::string prefix = wiki_->titlePrefix(rc.ns);
  ParsedTitle t;
  if (rc.title.compare(0, prefix.size(), prefix) == 0) {
    std::string dbkey = rc.title.substr(prefix.size());
    std::replace(dbkey.begin(), dbkey.end(), ' ', '_');
    t = TitleCodec::makeTitle(rc.ns, dbkey);
  } else {
    // The namespace is not named as this wiki's siteinfo names it.
    t = titles_.parse(rc.title, rc.ns);
    if (!t.valid || !t.interwiki.empty() || !t.fragment.empty()) {
      std::string dbkey = rc.title;
      std::replace(dbkey.begin(), dbkey.end(), ' ', '_');
      t = TitleCodec::makeTitle(0, dbkey);
    }
  }
  return titles_.canonicalUrl(t);
}

namespace {

// The `length`/`revision` object after removeNulls: {} becomes [] (spec 2.2).
void writeOldNew(JsonWriter& w, const std::optional<int64_t>& oldV, const std::optional<int64_t>& newV) {
  if (!oldV && !newV) {
    w.startArray();
    w.endArray();
    return;
  }
  w.startObject();
  if (oldV) {
    w.key("old");
    w.integer(*oldV);
  }
  if (newV) {
    w.key("new");
    w.integer(*newV);
  }
  w.endObject();
}

void writeNonNull(JsonWriter& w, std::string_view key, const PhpValue& v) {
  if (v.isNull()) return;
  w.key(key);
  PhpValue copy = v;
  copy.removeNulls();
  copy.write(w);
}

}  // namespace

bool EventBusRCFeedFormatter::format(const RecentChange& rc, std::string_view requestId, std::string& out) const {
  const Wiki& wiki = *wiki_;
  const bool master = options_.profile == OutputProfile::Master;
  const size_t mark = out.size();

  const std::string titleUrl = this->titleUrl(rc);

  // [1.39] chooses the packet sections by rc_type, master by rc_source.
  bool editSections = rc.hasEditSections();
  bool logSection = rc.isLog();
  if (master && !rc.source.empty()) {
    editSections = rc.source == "mw.edit" || rc.source == "mw.new";
    logSection = rc.source == "mw.log";
  }
  const bool isNew = master && !rc.source.empty() ? rc.source == "mw.new" : rc.rcType == RC_NEW;

  JsonWriter w(out, JsonWriter::Mode::EventBus);
  w.startObject();
  w.key("$schema");
  w.string(kSchema);
  w.key("meta");
  w.startObject();
  w.key("uri");
  w.string(titleUrl);
  w.key("request_id");
  w.string(requestId);
  w.key("id");
  w.string(eventId(wiki.wikiId, rc));
  // Master EventBus leaves meta.dt to the intake; the schema requires it and a
  // stock EventGate rejects events without it, so rcfeed always sets it.
  w.key("dt");
  w.string(isoTimestamp(rc.timestamp));
  w.key("domain");
  w.string(wiki.serverName);
  w.key("stream");
  w.string(kStream);
  w.endObject();

  if (rc.id) {
    w.key("id");
    w.integer(*rc.id);
  }
  w.key("type");
  w.string(rc.type);
  w.key("namespace");
  w.integer(rc.ns);
  w.key("title");
  w.string(rc.title);
  if (master) {
    w.key("title_url");
    w.string(titleUrl);
  }
  w.key("comment");
  w.string(rc.comment);
  w.key("timestamp");
  w.integer(rc.timestamp);
  w.key("user");
  w.string(rc.user);
  w.key("bot");
  w.boolean(rc.bot);
  if (master && !logSection) {
    // spec 1.8.8; a null rc_id or revision id prints as nothing, as PHP's
    // string concatenation does.
    auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
    std::string url = wiki.canonicalServer + wiki.script;
    if (isNew) url += "?oldid=" + num(rc.thisOldid);
    else url += "?diff=" + num(rc.thisOldid) + "&oldid=" + num(rc.lastOldid);
    if (options_.useRCPatrol || (isNew && options_.useNPPatrol)) url += "&rcid=" + num(rc.id);
    w.key("notify_url");
    w.string(url);
  }
  if (rc.channel) writeNonNull(w, "channel", *rc.channel);
  if (editSections) {
    w.key("minor");
    w.boolean(rc.minor);
    if (rc.patrolled) {
      w.key("patrolled");
      w.boolean(*rc.patrolled);
    }
    w.key("length");
    writeOldNew(w, isNew ? std::nullopt : rc.oldLen, rc.newLen);
    w.key("revision");
    writeOldNew(w, isNew ? std::nullopt : rc.lastOldid, rc.thisOldid);
  }
  if (logSection) {
    if (rc.logId) {
      w.key("log_id");
      w.integer(*rc.logId);
    }
    if (rc.logType) {
      w.key("log_type");
      w.string(*rc.logType);
    }
    w.key("log_action");
    w.string(rc.logAction);
    if (rc.logParams) writeNonNull(w, "log_params", *rc.logParams);
    if (rc.logActionComment) {
      w.key("log_action_comment");
      w.string(*rc.logActionComment);
    }
  }
  w.key("server_url");
  w.string(rc.serverUrl);
  w.key("server_name");
  w.string(rc.serverName);
  w.key("server_script_path");
  w.string(rc.serverScriptPath);
  w.key("wiki");
  w.string(rc.wiki);
  w.key("parsedcomment");
  w.string(comments_.format(rc.comment, rc.ns, rc.title));
  w.endObject();

  if (!w.ok()) {
    out.resize(mark);
    return false;
  }
  return true;
}

}  // namespace rcfeed
