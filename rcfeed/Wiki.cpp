#include "rcfeed/Wiki.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rcfeed {
namespace {

using rapidjson::Value;

[[noreturn]] void fail(const std::string& origin, const std::string& key, const std::string& why) {
  throw std::runtime_error(origin + ": siteinfo " + key + ": " + why);
}

std::string requireString(const Value& obj, const char* key, const std::string& origin,
                          const std::string& where) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) fail(origin, where + "." + key, "missing");
  if (!it->value.IsString()) fail(origin, where + "." + key, "must be a string");
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::string> optionalString(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool optionalBool(const Value& obj, const char* key, bool fallback) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return fallback;
  if (it->value.IsBool()) return it->value.GetBool();
  // Older API formats report flags as present-with-empty-string.
  if (it->value.IsString()) return true;
  return fallback;
}

CaseMode parseCase(const std::string& s, const std::string& origin, const std::string& key) {
  if (s == "first-letter") return CaseMode::FirstLetter;
  if (s == "case-sensitive") return CaseMode::CaseSensitive;
  fail(origin, key, "unknown case mode '" + s + "'");
}

// Host part of an absolute or protocol-relative URL, without port.
std::string hostOf(const std::string& url) {
  auto start = url.find("//");
  if (start == std::string::npos) return {};
  start += 2;
  auto end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  if (!host.empty() && host[0] == '[') {
    auto close = host.find(']');
    return close == std::string::npos ? host : host.substr(0, close + 1);
  }
  if (auto colon = host.find(':'); colon != std::string::npos) host = host.substr(0, colon);
  return host;
}

// The first "MediaWiki <major>.<minor>" in the generator; 1.39 when there is none.
MediaWikiVersion parseGenerator(const std::string& generator, const std::string& origin) {
  constexpr std::string_view kName = "MediaWiki ";
  const std::string_view g = generator;
  for (size_t at = g.find(kName); at != std::string_view::npos; at = g.find(kName, at + 1)) {
    const char* p = g.data() + at + kName.size();
    const char* end = g.data() + g.size();
    auto digit = [end](const char* c) { return c != end && *c >= '0' && *c <= '9'; };
    if (!digit(p)) continue;
    MediaWikiVersion v;
    auto major = std::from_chars(p, end, v.major);
    if (major.ptr == end || *major.ptr != '.' || !digit(major.ptr + 1)) continue;
    auto minor = std::from_chars(major.ptr + 1, end, v.minor);
    if (major.ec != std::errc() || minor.ec != std::errc())
      fail(origin, "general.generator", "version number out of range: '" + generator + "'");
    return v;
  }
  return {};
}

}  // namespace

std::shared_ptr<const Wiki> Wiki::fromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open siteinfo file");
  std::stringstream ss;
  ss << in.rdbuf();
  return fromJson(ss.str(), path);
}

std::shared_ptr<const Wiki> Wiki::fromJson(std::string_view json, const std::string& origin) {
  rapidjson::Document doc;
  // Iterative: the recursive parser's stack use grows with the nesting.
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    fail(origin, "(document)",
         std::string("not valid JSON at byte ") + std::to_string(doc.GetErrorOffset()) + ": " +
             rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) fail(origin, "(document)", "must be a JSON object");
  const Value* q = &doc;
  if (auto it = doc.FindMember("query"); it != doc.MemberEnd() && it->value.IsObject()) q = &it->value;

  auto general = q->FindMember("general");
  if (general == q->MemberEnd() || !general->value.IsObject())
    fail(origin, "general", "missing (query with siprop=general)");
  const Value& g = general->value;

  auto w = std::make_shared<Wiki>();
  w->server = requireString(g, "server", origin, "general");
  if (auto cs = optionalString(g, "canonicalserver"); cs && !cs->empty()) {
    w->canonicalServer = *cs;
  } else if (w->server.rfind("//", 0) == 0) {
    w->canonicalServer = "http:" + w->server;
  } else {
    w->canonicalServer = w->server;
  }
  // $wgServerName is always recomputed from the canonical server.
  w->serverName = hostOf(w->canonicalServer);
  if (w->serverName.empty()) fail(origin, "general.server", "has no host: '" + w->server + "'");
  w->scriptPath = requireString(g, "scriptpath", origin, "general");
  w->script = optionalString(g, "script").value_or(w->scriptPath + "/index.php");
  w->articlePath = requireString(g, "articlepath", origin, "general");
  if (w->articlePath.find("$1") == std::string::npos)
    fail(origin, "general.articlepath", "has no $1: '" + w->articlePath + "'");
  w->wikiId = requireString(g, "wikiid", origin, "general");
  w->lang = requireString(g, "lang", origin, "general");
  w->rtl = optionalBool(g, "rtl", false);
  w->caseMode = parseCase(optionalString(g, "case").value_or("first-letter"), origin, "general.case");
  w->linktrail = optionalString(g, "linktrail").value_or("/^([a-z]+)(.*)$/sD");
  w->legalTitleChars = optionalString(g, "legaltitlechars").value_or("");
  if (auto fm = g.FindMember("fragmentmode"); fm != g.MemberEnd()) {
    if (!fm->value.IsArray() || fm->value.Empty() || !fm->value[0].IsString())
      fail(origin, "general.fragmentmode", "must be a non-empty array of strings");
    w->fragmentMode = fm->value[0].GetString();
    if (w->fragmentMode != "html5" && w->fragmentMode != "legacy")
      fail(origin, "general.fragmentmode", "unknown mode '" + w->fragmentMode + "'");
  }
  w->generator = optionalString(g, "generator").value_or("MediaWiki 1.39");
  w->version = parseGenerator(w->generator, origin);
  w->mainPage = optionalString(g, "mainpage").value_or("Main Page");

  auto nss = q->FindMember("namespaces");
  if (nss == q->MemberEnd() || !nss->value.IsObject())
    fail(origin, "namespaces", "missing (query with siprop=namespaces)");
  for (auto& m : nss->value.GetObject()) {
    const std::string where = std::string("namespaces.") + m.name.GetString();
    if (!m.value.IsObject()) fail(origin, where, "must be an object");
    auto idIt = m.value.FindMember("id");
    if (idIt == m.value.MemberEnd() || !idIt->value.IsInt()) fail(origin, where + ".id", "must be an integer");
    Namespace ns;
    ns.id = idIt->value.GetInt();
    // formatversion=1 puts the name under "*", formatversion=2 under "name".
    if (auto n = optionalString(m.value, "name")) ns.name = *n;
    else if (auto star = optionalString(m.value, "*")) ns.name = *star;
    else fail(origin, where + ".name", "missing");
    ns.canonical = optionalString(m.value, "canonical").value_or(ns.id == 0 ? "" : ns.name);
    ns.caseMode = parseCase(optionalString(m.value, "case").value_or("first-letter"), origin, where + ".case");
    ns.subpages = optionalBool(m.value, "subpages", false);
    ns.content = optionalBool(m.value, "content", false);
    w->namespaces_[ns.id] = std::move(ns);
  }
  if (!w->namespaces_.count(0)) fail(origin, "namespaces", "has no main namespace (id 0)");

  if (auto al = q->FindMember("namespacealiases"); al != q->MemberEnd()) {
    if (!al->value.IsArray()) fail(origin, "namespacealiases", "must be an array");
    for (auto& a : al->value.GetArray()) {
      if (!a.IsObject() || !a.HasMember("id") || !a["id"].IsInt())
        fail(origin, "namespacealiases", "entry without integer id");
      NamespaceAlias alias;
      alias.id = a["id"].GetInt();
      if (auto n = optionalString(a, "alias")) alias.alias = *n;
      else if (auto star = optionalString(a, "*")) alias.alias = *star;
      else fail(origin, "namespacealiases", "entry without alias name");
      w->aliases_.push_back(std::move(alias));
    }
  }

  if (auto iw = q->FindMember("interwikimap"); iw != q->MemberEnd()) {
    if (!iw->value.IsArray()) fail(origin, "interwikimap", "must be an array");
    for (auto& e : iw->value.GetArray()) {
      if (!e.IsObject()) fail(origin, "interwikimap", "entry must be an object");
      Interwiki i;
      i.prefix = requireString(e, "prefix", origin, "interwikimap[]");
      i.url = requireString(e, "url", origin, "interwikimap[]");
      i.local = optionalBool(e, "local", false);
      i.localInterwiki = optionalBool(e, "localinterwiki", false);
      i.protorel = optionalBool(e, "protorel", false);
      w->interwikis_.push_back(std::move(i));
    }
  }
  if (auto sp = q->FindMember("specialpagealiases"); sp != q->MemberEnd()) {
    if (!sp->value.IsArray()) fail(origin, "specialpagealiases", "must be an array");
    for (auto& e : sp->value.GetArray()) {
      if (!e.IsObject()) fail(origin, "specialpagealiases", "entry must be an object");
      SpecialPageAliases page;
      page.name = requireString(e, "realname", origin, "specialpagealiases[]");
      auto al = e.FindMember("aliases");
      if (al == e.MemberEnd() || !al->value.IsArray())
        fail(origin, "specialpagealiases[].aliases", "must be an array");
      for (auto& a : al->value.GetArray()) {
        if (!a.IsString()) fail(origin, "specialpagealiases[].aliases", "must hold strings");
        page.aliases.emplace_back(a.GetString(), a.GetStringLength());
      }
      w->specialPages_.push_back(std::move(page));
    }
  }
  return w;
}

const Namespace* Wiki::findNamespace(int id) const {
  auto it = namespaces_.find(id);
  return it == namespaces_.end() ? nullptr : &it->second;
}

std::string Wiki::titlePrefix(int id) const {
  if (id == 0) return {};
  const Namespace* ns = findNamespace(id);
  if (!ns) return {};
  const std::string& name = ns->name.empty() ? ns->canonical : ns->name;
  return name.empty() ? std::string() : name + ":";
}

const Interwiki* Wiki::findInterwiki(std::string_view lowerPrefix) const {
  for (const auto& i : interwikis_)
    if (i.prefix == lowerPrefix) return &i;
  return nullptr;
}

}  // namespace rcfeed
