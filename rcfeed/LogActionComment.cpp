#include "rcfeed/LogActionComment.h"

#include <cctype>
#include <charconv>
#include <ctime>
#include <map>
#include <vector>

#include "rcfeed/PhpUnserialize.h"

namespace rcfeed {
namespace {

// MediaWiki 1.39 languages/i18n/en.json, the messages the texts below use.
// The separators are given as they render (en.json writes ' ' as "&#32;").
const std::map<std::string_view, std::string_view> kEnglish = {
    {"1movedto2", "moved [[$1]] to [[$2]]"},
    {"1movedto2_redir", "moved [[$1]] to [[$2]] over redirect"},
    {"deletedarticle", "deleted \"[[$1]]\""},
    {"undeletedarticle", "undeleted \"[[$1]]\""},
    {"patrol-log-diff", "revision $1"},
    {"patrol-log-line", "marked $1 of $2 patrolled $3"},
    {"protectedarticle", "protected \"[[$1]]\""},
    {"unprotectedarticle", "removed protection from \"[[$1]]\""},
    {"modifiedarticleprotection", "changed protection settings for \"[[$1]]\""},
    {"movedarticleprotection", "moved protection settings from \"[[$2]]\" to \"[[$1]]\""},
    {"newuserlog-create-entry", "New user account"},
    {"newuserlog-create2-entry", "created new account $1"},
    {"newuserlog-autocreate-entry", "Account created automatically"},
    {"uploadedimage", "uploaded \"[[$1]]\""},
    {"overwroteimage", "uploaded a new version of \"[[$1]]\""},
    {"rightsnone", "(none)"},
    {"rightslogentry", "changed group membership for $1 from $2 to $3"},
    {"rightslogentry-autopromote", "was automatically promoted from $2 to $3"},
    {"pagemerge-logentry", "merged [[$1]] into [[$2]] (revisions up to $3)"},
    {"blocklogentry", "blocked [[$1]] with an expiration time of $2 $3"},
    {"unblocklogentry", "unblocked $1"},
    {"reblock-logentry", "changed block settings for [[$1]] with an expiration time of $2 $3"},
    {"import-logentry-upload", "imported [[$1]] by file upload"},
    {"import-logentry-interwiki", "transwikied $1"},
    {"colon-separator", ": "},
    {"comma-separator", ", "},
    {"and", " and"},
    {"word-separator", " "},
    {"parentheses", "($1)"},
    {"ipboptions",
     "2 hours:2 hours,1 day:1 day,3 days:3 days,1 week:1 week,2 weeks:2 weeks,1 month:1 month,3 months:3 months,"
     "6 months:6 months,1 year:1 year,indefinite:infinite"},
    {"block-log-flags-angry-autoblock", "enhanced autoblock enabled"},
    {"block-log-flags-anononly", "anonymous users only"},
    {"block-log-flags-hiddenname", "username hidden"},
    {"block-log-flags-noautoblock", "autoblock disabled"},
    {"block-log-flags-nocreate", "account creation disabled"},
    {"block-log-flags-noemail", "email disabled"},
    {"block-log-flags-nousertalk", "cannot edit own talk page"},
    {"duration-seconds", "$1 {{PLURAL:$1|second|seconds}}"},
    {"duration-minutes", "$1 {{PLURAL:$1|minute|minutes}}"},
    {"duration-hours", "$1 {{PLURAL:$1|hour|hours}}"},
    {"duration-days", "$1 {{PLURAL:$1|day|days}}"},
    {"duration-years", "$1 {{PLURAL:$1|year|years}}"},
    {"duration-decades", "$1 {{PLURAL:$1|decade|decades}}"},
    {"duration-centuries", "$1 {{PLURAL:$1|century|centuries}}"},
    {"duration-millennia", "$1 {{PLURAL:$1|millennium|millennia}}"},
    {"logentry-delete-delete_redir", "$1 {{GENDER:$2|deleted}} redirect $3 by overwriting"},
    {"logentry-delete-delete_redir2", "$1 {{GENDER:$2|deleted}} redirect $3 by overwriting"},
    {"logentry-delete-revision",
     "$1 {{GENDER:$2|changed}} visibility of {{PLURAL:$5|a revision|$5 revisions}} on page $3: $4"},
    {"logentry-delete-revision-legacy", "$1 {{GENDER:$2|changed}} visibility of revisions on page $3"},
    {"logentry-delete-event", "$1 {{GENDER:$2|changed}} visibility of {{PLURAL:$5|a log event|$5 log events}} on $3: $4"},
    {"logentry-delete-event-legacy", "$1 {{GENDER:$2|changed}} visibility of log events on $3"},
    {"revdelete-content-hid", "content hidden"},
    {"revdelete-summary-hid", "edit summary hidden"},
    {"revdelete-uname-hid", "username hidden"},
    {"revdelete-content-unhid", "content unhidden"},
    {"revdelete-summary-unhid", "edit summary unhidden"},
    {"revdelete-uname-unhid", "username unhidden"},
    {"revdelete-restricted", "applied restrictions to administrators"},
    {"revdelete-unrestricted", "removed restrictions for administrators"},
    {"logentry-managetags-create", "$1 {{GENDER:$2|created}} the tag \"$4\""},
    {"logentry-managetags-delete",
     "$1 {{GENDER:$2|deleted}} the tag \"$4\" (removed from $5 {{PLURAL:$5|revision or log entry|revisions and/or log "
     "entries}})"},
    {"logentry-managetags-activate", "$1 {{GENDER:$2|activated}} the tag \"$4\" for use by users and bots"},
    {"logentry-managetags-deactivate", "$1 {{GENDER:$2|deactivated}} the tag \"$4\" for use by users and bots"},
    {"logentry-tag-update-add-revision", "$1 {{GENDER:$2|added}} the {{PLURAL:$7|tag|tags}} $6 to revision $4 of page $3"},
    {"logentry-tag-update-add-logentry",
     "$1 {{GENDER:$2|added}} the {{PLURAL:$7|tag|tags}} $6 to log entry $5 of page $3"},
    {"logentry-tag-update-remove-revision",
     "$1 {{GENDER:$2|removed}} the {{PLURAL:$9|tag|tags}} $8 from revision $4 of page $3"},
    {"logentry-tag-update-remove-logentry",
     "$1 {{GENDER:$2|removed}} the {{PLURAL:$9|tag|tags}} $8 from log entry $5 of page $3"},
    {"logentry-tag-update-revision",
     "$1 {{GENDER:$2|updated}} tags on revision $4 of page $3 ({{PLURAL:$7|added}} $6; {{PLURAL:$9|removed}} $8)"},
    {"logentry-tag-update-logentry",
     "$1 {{GENDER:$2|updated}} tags on log entry $5 of page $3 ({{PLURAL:$7|added}} $6; {{PLURAL:$9|removed}} $8)"},
    {"logentry-contentmodel-change",
     "$1 {{GENDER:$2|changed}} the content model of the page $3 from \"$4\" to \"$5\""},
    {"logentry-contentmodel-new", "$1 {{GENDER:$2|created}} the page $3 using a non-default content model \"$5\""},
    {"content-model-wikitext", "wikitext"},
    {"content-model-javascript", "JavaScript"},
    {"content-model-css", "CSS"},
    {"content-model-json", "JSON"},
    {"content-model-text", "plain text"},
};

class EnglishMessages : public LogMessages {
 public:
  std::string_view get(std::string_view key) const override {
    auto it = kEnglish.find(key);
    return it == kEnglish.end() ? std::string_view() : it->second;
  }
};

// htmlspecialchars($s, ENT_QUOTES): what Message::escaped() does to the message text.
std::string escapeHtml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#039;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::string> splitOn(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    parts.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\n\r\0\x0B");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\n\r\0\x0B");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<int64_t> toInt(std::string_view s) {
  std::string digits;
  for (char c : s)
    if (c != ',') digits += c;
  int64_t v = 0;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return std::nullopt;
  return v;
}

// Language::formatNum for English: thousands separated by ','.
std::string formatNum(int64_t v) {
  std::string d = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(d.size()) - 3; i > 0; i -= 3) d.insert(static_cast<size_t>(i), ",");
  return v < 0 ? "-" + d : d;
}

// A message's text with $n, {{PLURAL:..}} and {{GENDER:..}} resolved the way
// English resolves them (users' gender unknown: the neutral form).
// `escape` applies Message::escaped() to the message text, not to the
// parameters (rawParams).
std::string render(std::string_view tmpl, const std::vector<std::string>& params, bool escape) {
  auto param = [&](std::string_view ref) -> std::string {
    if (ref.size() < 2 || ref[0] != '$') return std::string(ref);
    size_t n = 0;
    for (size_t i = 1; i < ref.size(); ++i) n = n * 10 + static_cast<size_t>(ref[i] - '0');
    return n >= 1 && n <= params.size() ? params[n - 1] : std::string(ref);
  };
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl.compare(i, 2, "{{") == 0) {
      const size_t close = tmpl.find("}}", i);
      const std::string_view inner = tmpl.substr(i + 2, close - i - 2);
      const size_t colon = inner.find(':');
      const std::string_view fn = inner.substr(0, colon);
      std::vector<std::string> parts = splitOn(inner.substr(colon + 1), '|');
      const std::string arg = param(parts[0]);
      std::vector<std::string> forms(parts.begin() + 1, parts.end());
      std::string chosen;
      if (!forms.empty()) {
        if (fn == "PLURAL") {
          chosen = toInt(arg).value_or(0) == 1 ? forms[0] : forms[std::min<size_t>(1, forms.size() - 1)];
        } else {
          chosen = forms[std::min<size_t>(2, forms.size() - 1)];
        }
      }
      out += render(chosen, params, escape);
      i = close + 2;
      continue;
    }
    if (tmpl[i] == '$' && i + 1 < tmpl.size() && std::isdigit(static_cast<unsigned char>(tmpl[i + 1]))) {
      size_t j = i + 1;
      while (j < tmpl.size() && std::isdigit(static_cast<unsigned char>(tmpl[j]))) ++j;
      out += param(tmpl.substr(i, j - i));
      i = j;
      continue;
    }
    const size_t next = std::min(tmpl.find('$', i + 1), tmpl.find("{{", i + 1));
    const std::string_view plain = tmpl.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
    out += escape ? escapeHtml(plain) : std::string(plain);
    i += plain.size();
  }
  return out;
}

// A parameter value as PHP would turn it into a message parameter string.
std::string scalarText(const PhpValue& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return {}; }
    std::string operator()(bool b) const { return b ? "1" : ""; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, d);
      return std::string(buf, r.ptr);
    }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const PhpArray&) const { return "Array"; }
  };
  return std::visit(Visitor{}, v.storage());
}

class Renderer {
 public:
  Renderer(const LogEntryRow& e, const LogMessages& m) : e_(e), m_(m) {
    if (e.params && !e.params->empty()) {
      PhpUnserializeResult r = phpUnserialize(*e.params);
      if (r.ok) {
        if (const PhpArray* a = r.value.array()) params_ = *a;
      } else {
        legacy_ = true;
        int64_t i = 0;
        PhpArrayBuilder lines;
        for (auto& part : splitOn(*e.params, '\n')) lines.set(i++, PhpValue(part));
        params_ = lines.take();
      }
    }
  }

  std::optional<std::string> actionComment() {
    std::optional<std::string> text = ircActionText();
    if (!text) return std::nullopt;
    if (e_.comment.empty()) return text;
    if (text->empty()) return e_.comment;
    return *text + std::string(m_.get("colon-separator")) + e_.comment;
  }

 private:
  std::string msg(std::string_view key) const { return std::string(m_.get(key)); }

  const PhpValue* param(std::string_view key) const {
    for (size_t i = 0; i < params_.size(); ++i)
      if (const auto* s = std::get_if<std::string>(&params_.keys[i]); s && *s == key) return &params_.values[i];
    return nullptr;
  }
  std::string paramText(std::string_view key) const {
    const PhpValue* v = param(key);
    return v ? scalarText(*v) : std::string();
  }
  std::vector<std::string> paramList(std::string_view key) const {
    std::vector<std::string> out;
    if (const PhpValue* v = param(key))
      if (const PhpArray* a = v->array())
        for (const auto& x : a->values) out.push_back(scalarText(x));
    return out;
  }

  std::string legacy(std::string_view key, std::vector<std::string> raw) const {
    return render(m_.get(key), raw, true);
  }

  std::string join(const std::vector<std::string>& items, std::string_view sep) const {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? std::string(sep) : "") + items[i];
    return out;
  }

  // Language::listToText.
  std::string listToText(std::vector<std::string> items) const {
    if (items.empty()) return {};
    std::string last = items.back();
    items.pop_back();
    if (items.empty()) return last;
    return join(items, msg("comma-separator")) + msg("and") + msg("word-separator") + last;
  }

  // Language::formatDuration with the default intervals (no weeks).
  std::string formatDuration(int64_t seconds) const {
    static const std::pair<const char*, int64_t> kIntervals[] = {
        {"millennia", 31556952000}, {"centuries", 3155695200}, {"decades", 315569520}, {"years", 31556952},
        {"days", 86400},            {"hours", 3600},           {"minutes", 60},        {"seconds", 1}};
    std::vector<std::string> segments;
    for (const auto& [name, length] : kIntervals) {
      const int64_t value = seconds / length;
      if (value > 0 || (std::string_view(name) == "seconds" && segments.empty())) {
        seconds -= value * length;
        segments.push_back(render(m_.get(std::string("duration-") + name), {formatNum(value)}, true));
      }
    }
    return listToText(segments);
  }

  // strtotime($str, $now) - $now for "<n> <unit>" sequences; empty for other forms.
  std::optional<int64_t> relativeSeconds(const std::string& str) const {
    std::time_t now = e_.timestamp;
    std::tm tm{};
    gmtime_r(&now, &tm);
    int64_t plainSeconds = 0;
    bool any = false;
    size_t i = 0;
    auto skipSpace = [&] {
      while (i < str.size() && str[i] == ' ') ++i;
    };
    while (true) {
      skipSpace();
      if (i == str.size()) break;
      size_t start = i;
      if (str[i] == '+' || str[i] == '-') ++i;
      while (i < str.size() && std::isdigit(static_cast<unsigned char>(str[i]))) ++i;
      auto n = toInt(std::string_view(str).substr(start, i - start));
      // Beyond this the calendar arithmetic below would overflow; such an
      // expiry is shown as stored.
      constexpr int64_t kMaxAmount = 1000000000;
      if (!n || *n > kMaxAmount || *n < -kMaxAmount) return std::nullopt;
      skipSpace();
      start = i;
      while (i < str.size() && std::isalpha(static_cast<unsigned char>(str[i]))) ++i;
      std::string unit = str.substr(start, i - start);
      for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (unit.size() > 1 && unit.back() == 's' && unit != "secs" && unit != "mins") unit.pop_back();
      if (unit == "sec" || unit == "second" || unit == "secs") plainSeconds += *n;
      else if (unit == "min" || unit == "minute" || unit == "mins") plainSeconds += *n * 60;
      else if (unit == "hour") plainSeconds += *n * 3600;
      else if (unit == "day") tm.tm_mday += static_cast<int>(*n);
      else if (unit == "week") tm.tm_mday += static_cast<int>(*n * 7);
      else if (unit == "fortnight") tm.tm_mday += static_cast<int>(*n * 14);
      else if (unit == "month") tm.tm_mon += static_cast<int>(*n);
      else if (unit == "year") tm.tm_year += static_cast<int>(*n);
      else return std::nullopt;
      any = true;
    }
    if (!any) return std::nullopt;
    return static_cast<int64_t>(timegm(&tm)) - e_.timestamp + plainSeconds;
  }

  static bool isInfinity(const std::string& s) {
    return s == "infinite" || s == "indefinite" || s == "infinity" || s == "never";
  }

  // Language::translateBlockExpiry.
  std::string blockExpiry(const std::string& str) const {
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& pair : splitOn(m_.get("ipboptions"), ',')) {
      const size_t colon = pair.find(':');
      if (colon != std::string::npos) options.emplace_back(pair.substr(0, colon), pair.substr(colon + 1));
    }
    for (const auto& [show, value] : options)
      if (str == value) return trim(show);
    if (isInfinity(str))
      for (const auto& [show, value] : options)
        if (isInfinity(value)) return trim(show);
    if (auto seconds = relativeSeconds(str)) return formatDuration(*seconds);
    return str;
  }

  // BlockLogFormatter::formatBlockFlags.
  std::string blockFlags(const std::string& raw) const {
    const std::string flags = trim(raw);
    if (flags.empty()) return {};
    std::vector<std::string> shown;
    for (const auto& f : splitOn(flags, ',')) {
      const std::string_view m = m_.get("block-log-flags-" + f);
      shown.push_back(m.empty() ? escapeHtml(f) : escapeHtml(m));
    }
    return render(m_.get("parentheses"), {join(shown, msg("comma-separator"))}, true);
  }

  // LogFormatter::getIRCActionText: the legacy messages, else the plain text.
  std::optional<std::string> ircActionText() const {
    const std::string& type = e_.type;
    const std::string& sub = e_.action;
    const std::string& target = e_.target;
    if (type == "move") {
      if (sub == "move") return legacy("1movedto2", {target, paramText("4::target")});
      if (sub == "move_redir") return legacy("1movedto2_redir", {target, paramText("4::target")});
    } else if (type == "delete") {
      if (sub == "delete") return legacy("deletedarticle", {target});
      if (sub == "restore") return legacy("undeletedarticle", {target});
    } else if (type == "patrol") {
      if (sub == "patrol") {
        const std::string diff = escapeHtml(render(m_.get("patrol-log-diff"), {paramText("4::curid")}, false));
        return render(m_.get("patrol-log-line"), {diff, "[[" + target + "]]", ""}, false);
      }
    } else if (type == "protect") {
      if (sub == "protect") return legacy("protectedarticle", {target + " " + paramText("4::description")});
      if (sub == "unprotect") return legacy("unprotectedarticle", {target});
      if (sub == "modify") return legacy("modifiedarticleprotection", {target + " " + paramText("4::description")});
      if (sub == "move_prot") return legacy("movedarticleprotection", {target, paramText("4::oldtitle")});
    } else if (type == "newusers") {
      if (sub == "newusers" || sub == "create") return legacy("newuserlog-create-entry", {});
      if (sub == "create2" || sub == "byemail") return legacy("newuserlog-create2-entry", {target});
      if (sub == "autocreate") return legacy("newuserlog-autocreate-entry", {});
    } else if (type == "upload") {
      if (sub == "upload") return legacy("uploadedimage", {target});
      if (sub == "overwrite" || sub == "revert") return legacy("overwroteimage", {target});
    } else if (type == "rights") {
      auto groups = [&](std::string_view key) {
        auto list = paramList(key);
        return list.empty() ? escapeHtml(m_.get("rightsnone")) : join(list, ", ");
      };
      if (sub == "rights") return legacy("rightslogentry", {target, groups("4::oldgroups"), groups("5::newgroups")});
      if (sub == "autopromote")
        return legacy("rightslogentry-autopromote", {target, groups("4::oldgroups"), groups("5::newgroups")});
    } else if (type == "merge") {
      return legacy("pagemerge-logentry", {target, paramText("4::dest"), paramText("5::mergepoint")});
    } else if (type == "block") {
      if (sub == "block" || sub == "reblock") {
        std::string duration, flags;
        if (legacy_ && sub == "block") {
          duration = params_.size() > 0 ? scalarText(params_.values[0]) : "";
          flags = params_.size() > 1 ? scalarText(params_.values[1]) : "";
        } else {
          duration = paramText("5::duration");
          flags = paramText("6::flags");
        }
        return legacy(sub == "block" ? "blocklogentry" : "reblock-logentry",
                      {target, blockExpiry(duration), blockFlags(flags)});
      }
      if (sub == "unblock") return legacy("unblocklogentry", {target});
    } else if (type == "import") {
      if (sub == "upload") return legacy("import-logentry-upload", {target});
      if (sub == "interwiki") return legacy("import-logentry-interwiki", {target});
    }
    return plainActionText();
  }

  // LogFormatter::extractParameters + getMessageParameters in plain-text mode:
  // $1 performer, $2 performer (for GENDER), $3 [[target]], then "N:type:name" params.
  std::vector<std::string> messageParameters(std::map<size_t, int64_t>* counts) const {
    std::map<size_t, std::string> byIndex;
    for (size_t i = 0; i < params_.size(); ++i) {
      const auto* key = std::get_if<std::string>(&params_.keys[i]);
      if (!key || key->find(':') == std::string::npos) continue;
      auto parts = splitOn(*key, ':');
      const auto index = toInt(parts[0]);
      if (!index || *index < 1 || parts[0].find_first_not_of("0123456789") != std::string::npos) continue;
      const std::string ptype = parts.size() > 1 ? parts[1] : "";
      const PhpValue& v = params_.values[i];
      std::string text;
      if (ptype == "list") {
        std::vector<std::string> items;
        if (const PhpArray* a = v.array())
          for (const auto& x : a->values) items.push_back(scalarText(x));
        text = join(items, msg("comma-separator"));
      } else if (ptype == "number") {
        const int64_t n = toInt(scalarText(v)).value_or(0);
        if (counts) (*counts)[static_cast<size_t>(*index - 1)] = n;
        text = formatNum(n);
      } else if (ptype == "title-link") {
        text = "[[" + scalarText(v) + "]]";
      } else if (const PhpArray* a = v.array()) {
        // Kept as the element count for what reads it (revision ids).
        if (counts) (*counts)[static_cast<size_t>(*index - 1)] = static_cast<int64_t>(a->size());
        text = "Array";
      } else {
        text = scalarText(v);
      }
      byIndex[static_cast<size_t>(*index - 1)] = text;
    }
    std::vector<std::string> out = {e_.performer, e_.performer, "[[" + e_.target + "]]"};
    const size_t max = byIndex.empty() ? 0 : byIndex.rbegin()->first;
    for (size_t i = 3; i <= max; ++i) out.push_back(byIndex.count(i) ? byIndex[i] : "");
    return out;
  }

  std::optional<std::string> plainActionText() const {
    const std::string& type = e_.type;
    const std::string& sub = e_.action;
    std::map<size_t, int64_t> counts;
    std::vector<std::string> p = messageParameters(&counts);
    std::string key = "logentry-" + type + "-" + sub;

    if (type == "delete" && (sub == "revision" || sub == "event")) {
      // DeleteLogFormatter: the bit changes as text ($4) and the id count ($5).
      const bool full = (sub == "event" && p.size() == 6) ||
                        (sub == "revision" && p.size() == 7 &&
                         (p[3] == "revision" || p[3] == "archive" || p[3] == "oldimage" || p[3] == "filearchive"));
      if (!full) {
        p.resize(3);
        key += "-legacy";
      } else {
        const size_t start = sub == "revision" ? 4 : 3;
        const int64_t oldBits = toInt(p[start + 1]).value_or(0), newBits = toInt(p[start + 2]).value_or(0);
        const int64_t diff = oldBits ^ newBits;
        std::vector<std::string> hid, unhid, extra;
        const std::pair<int64_t, const char*> items[] = {
            {1, "revdelete-content"}, {2, "revdelete-summary"}, {4, "revdelete-uname"}};
        for (const auto& [bit, name] : items)
          if (diff & bit) ((newBits & bit) ? hid : unhid).push_back(name);
        if (diff & 8) extra.push_back((newBits & 8) ? "revdelete-restricted" : "revdelete-unrestricted");
        std::vector<std::string> changes;
        for (const auto& h : hid) changes.push_back(msg(h + "-hid"));
        for (const auto& u : unhid) changes.push_back(msg(u + "-unhid"));
        for (const auto& x : extra) changes.push_back(msg(x));
        int64_t ids = counts.count(start) ? counts[start] : static_cast<int64_t>(splitOn(p[start], ',').size());
        p.resize(3);
        p.push_back(listToText(changes));
        p.push_back(formatNum(ids));
      }
    } else if (type == "contentmodel") {
      // ContentModelLogFormatter: model ids as their localised names.
      for (size_t i : {size_t{3}, size_t{4}}) {
        if (i >= p.size()) continue;
        const std::string_view name = m_.get("content-model-" + p[i]);
        if (!name.empty()) p[i] = std::string(name);
      }
    } else if (type == "tag" && sub == "update") {
      // TagLogFormatter: which of added/removed, and a revision or a log entry.
      const bool add = counts.count(6) && counts[6] != 0;
      const bool remove = counts.count(8) && counts[8] != 0;
      key += remove ? (add ? "" : "-remove") : "-add";
      const bool revision = p.size() > 3 && !p[3].empty() && p[3] != "0";
      key += revision ? "-revision" : "-logentry";
    }
    const std::string_view tmpl = m_.get(key);
    if (tmpl.empty()) return std::nullopt;
    return render(tmpl, p, false);
  }

  const LogEntryRow& e_;
  const LogMessages& m_;
  PhpArray params_;
  bool legacy_ = false;
};

}  // namespace

const LogMessages* LogMessages::forLanguage(std::string_view code) {
  static const EnglishMessages english;
  if (code == "en") return &english;
  return nullptr;
}

std::optional<std::string> logActionComment(const LogEntryRow& entry, const LogMessages& messages) {
  return Renderer(entry, messages).actionComment();
}

}  // namespace rcfeed
