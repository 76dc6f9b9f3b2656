#include "formatter/EventBusRCFeedFormatter.h"

#include <algorithm>

#include "formatter/EventId.h"
#include "formatter/Url.h"
#include "rcfeed/FormatJson.h"

namespace rcfeed {

OutputProfile profileForVersion(const MediaWikiVersion& v) {
  return v < MediaWikiVersion{1, 41} ? OutputProfile::MW139 : OutputProfile::Master;
}

EventBusRCFeedFormatter::EventBusRCFeedFormatter(WikiPtr wiki, FormatterOptions options)
    : wiki_(wiki), options_(options), comments_(wiki, options.profile, options.pages), titles_(wiki) {
  // Two probe keys tell whether the key lands in the URL exactly once and
  // unchanged, with fixed text around it.
  const std::string probe = "RCFeedProbe", other = "Other_probe";
  const std::string url = titles_.canonicalUrl(TitleCodec::makeTitle(0, probe));
  const size_t at = url.find(probe);
  if (at == std::string::npos) return;
  urlBeforeKey_ = url.substr(0, at);
  urlAfterKey_ = url.substr(at + probe.size());
  urlAroundKey_ = titles_.canonicalUrl(TitleCodec::makeTitle(0, other)) == urlBeforeKey_ + other + urlAfterKey_;
}

std::string EventBusRCFeedFormatter::titleUrl(const RecentChange& rc) const {
  // The packet's title is getPrefixedText() of the page MediaWiki already
  // had, so it is split, not re-parsed: re-parsing would "fix" a key stored
  // under older settings (e.g. before $wgCapitalLinks changed) and give a
  // different URL than MediaWiki's.
  const std::string prefix = wiki_->titlePrefix(rc.ns);
  if (rc.title.compare(0, prefix.size(), prefix) != 0) {
    // The namespace is not named as this wiki's siteinfo names it.
    ParsedTitle t = titles_.parse(rc.title, rc.ns);
    if (!t.valid || !t.interwiki.empty() || !t.fragment.empty()) {
      std::string dbkey = rc.title;
      std::replace(dbkey.begin(), dbkey.end(), ' ', '_');
      t = TitleCodec::makeTitle(0, dbkey);
    }
    return titles_.canonicalUrl(t);
  }
  std::string key = rc.title;
  std::replace(key.begin(), key.end(), ' ', '_');
  // In its namespace's own name the prefixed DB key is the title with
  // underscores, and unless it makes a dot segment, which the canonical URL
  // resolves away, it stands in the URL as it is, encoded.
  if (urlAroundKey_ && (rc.ns == 0 || !prefix.empty()) && !key.empty() && key[0] != '.' &&
      key.find("/.") == std::string::npos) {
    std::string url = urlBeforeKey_;
    appendWfUrlencoded(url, key);
    url += urlAfterKey_;
    return url;
  }
  return titles_.canonicalUrl(TitleCodec::makeTitle(rc.ns, std::string_view(key).substr(prefix.size())));
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
    w.literalKey("old");
    w.integer(*oldV);
  }
  if (newV) {
    w.literalKey("new");
    w.integer(*newV);
  }
  w.endObject();
}

void writeNonNull(JsonWriter& w, std::string_view key, const PhpValue& v) {
  if (v.isNull()) return;
  w.literalKey(key);  // "channel" or "log_params"
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
  w.literalKey("$schema");
  w.string(kSchema);
  w.literalKey("meta");
  w.startObject();
  w.literalKey("uri");
  w.string(titleUrl);
  w.literalKey("request_id");
  w.string(requestId);
  w.literalKey("id");
  w.string(eventId(wiki.wikiId, rc));
  // Master EventBus leaves meta.dt to the intake; the schema requires it and a
  // stock EventGate rejects events without it, so rcfeed always sets it.
  w.literalKey("dt");
  w.string(isoTimestamp(rc.timestamp));
  w.literalKey("domain");
  w.string(wiki.serverName);
  w.literalKey("stream");
  w.string(kStream);
  w.endObject();

  if (rc.id) {
    w.literalKey("id");
    w.integer(*rc.id);
  }
  w.literalKey("type");
  w.string(rc.type);
  w.literalKey("namespace");
  w.integer(rc.ns);
  w.literalKey("title");
  w.string(rc.title);
  if (master) {
    w.literalKey("title_url");
    w.string(titleUrl);
  }
  w.literalKey("comment");
  w.string(rc.comment);
  w.literalKey("timestamp");
  w.integer(rc.timestamp);
  w.literalKey("user");
  w.string(rc.user);
  w.literalKey("bot");
  w.boolean(rc.bot);
  if (master && !logSection) {
    // spec 1.8.8; a null rc_id or revision id prints as nothing, as PHP's
    // string concatenation does.
    auto num = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
    std::string url = wiki.canonicalServer + wiki.script;
    if (isNew) url += "?oldid=" + num(rc.thisOldid);
    else url += "?diff=" + num(rc.thisOldid) + "&oldid=" + num(rc.lastOldid);
    if (options_.useRCPatrol || (isNew && options_.useNPPatrol)) url += "&rcid=" + num(rc.id);
    w.literalKey("notify_url");
    w.string(url);
  }
  if (rc.channel) writeNonNull(w, "channel", *rc.channel);
  if (editSections) {
    w.literalKey("minor");
    w.boolean(rc.minor);
    if (rc.patrolled) {
      w.literalKey("patrolled");
      w.boolean(*rc.patrolled);
    }
    w.literalKey("length");
    writeOldNew(w, isNew ? std::nullopt : rc.oldLen, rc.newLen);
    w.literalKey("revision");
    writeOldNew(w, isNew ? std::nullopt : rc.lastOldid, rc.thisOldid);
  }
  if (logSection) {
    if (rc.logId) {
      w.literalKey("log_id");
      w.integer(*rc.logId);
    }
    if (rc.logType) {
      w.literalKey("log_type");
      w.string(*rc.logType);
    }
    w.literalKey("log_action");
    w.string(rc.logAction);
    if (rc.logParams) writeNonNull(w, "log_params", *rc.logParams);
    if (rc.logActionComment) {
      w.literalKey("log_action_comment");
      w.string(*rc.logActionComment);
    }
  }
  w.literalKey("server_url");
  w.string(rc.serverUrl);
  w.literalKey("server_name");
  w.string(rc.serverName);
  w.literalKey("server_script_path");
  w.string(rc.serverScriptPath);
  w.literalKey("wiki");
  w.string(rc.wiki);
  w.literalKey("parsedcomment");
  w.string(comments_.format(rc.comment, rc.ns, rc.title));
  w.endObject();

  if (!w.ok()) {
    out.resize(mark);
    return false;
  }
  return true;
}

}  // namespace rcfeed
