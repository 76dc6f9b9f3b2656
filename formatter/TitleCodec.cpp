#include "formatter/TitleCodec.h"

#include <optional>
#include <vector>

#include "formatter/CharReferences.h"
#include "formatter/IPUtils.h"
#include "formatter/Url.h"
#include "formatter/UtfNormal.h"
#include "rcfeed/Utf8.h"

namespace rcfeed {
namespace {

constexpr int NS_MAIN = 0;
constexpr int NS_TALK = 1;
constexpr int NS_USER = 2;
constexpr int NS_USER_TALK = 3;
constexpr int NS_SPECIAL = -1;

// $wgLegalTitleChars as MediaWiki 1.39 ships it.
constexpr std::string_view kDefaultLegalTitleChars = R"( %!"$&'()*,\-.\/0-9:;=?@A-Z\\^_`a-z~\x80-\xFF+)";

std::string underscored(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == ' ') c = '_';
  return out;
}

std::string spaced(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes a PCRE character class body such as $wgLegalTitleChars allows
// (literals, ranges, \xHH and backslash escapes; no class shorthands).
std::bitset<256> parseCharClass(std::string_view cls) {
  std::vector<std::pair<unsigned char, bool>> items;  // byte, is an unescaped '-'
  for (size_t i = 0; i < cls.size(); ++i) {
    if (cls[i] == '\\' && i + 1 < cls.size()) {
      if (cls[i + 1] == 'x' && i + 3 < cls.size() && hexDigit(cls[i + 2]) >= 0 && hexDigit(cls[i + 3]) >= 0) {
        items.emplace_back(static_cast<unsigned char>(hexDigit(cls[i + 2]) * 16 + hexDigit(cls[i + 3])), false);
        i += 3;
      } else {
        items.emplace_back(static_cast<unsigned char>(cls[i + 1]), false);
        ++i;
      }
    } else {
      items.emplace_back(static_cast<unsigned char>(cls[i]), cls[i] == '-');
    }
  }
  std::bitset<256> allowed;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i + 2 < items.size() && items[i + 1].second) {
      for (unsigned c = items[i].first; c <= items[i + 2].first; ++c) allowed.set(c);
      i += 2;
    } else {
      allowed.set(items[i].first);
    }
  }
  return allowed;
}

// Whether valid UTF-8 `s` at byte `i` starts one of the characters
// splitTitleString folds into '_'; returns its length or 0.
size_t spaceLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '_') return 1;
  if (c < 0x80) return 0;
  char32_t cp;
  const int len = decodeUtf8(reinterpret_cast<const unsigned char*>(s.data()) + i,
                             reinterpret_cast<const unsigned char*>(s.data()) + s.size(), cp);
  if (len <= 0) return 0;
  const bool space = cp == 0xA0 || cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200A) ||
                     cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return space ? static_cast<size_t>(len) : 0;
}

// U+200E, U+200F, U+202A..U+202E: the bidi controls titles lose.
bool isStrippedBidi(std::string_view s, size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xE2 || static_cast<unsigned char>(s[i + 1]) != 0x80)
    return false;
  const auto c = static_cast<unsigned char>(s[i + 2]);
  return c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE);
}

std::string_view trimUnderscores(std::string_view s) {
  while (!s.empty() && s.front() == '_') s.remove_prefix(1);
  while (!s.empty() && s.back() == '_') s.remove_suffix(1);
  return s;
}

// preg_match('/^(.+?)_*:_*(.*)$/S', ...): '.' stops at LF and '$' also
// matches before a final LF, so a trailing LF is not part of either group.
bool splitPrefix(std::string_view dbkey, std::string_view& prefix, std::string_view& rest) {
  const size_t lf = dbkey.find('\n');
  if (lf != std::string_view::npos) {
    if (lf != dbkey.size() - 1) return false;
    dbkey.remove_suffix(1);
  }
  const size_t colon = dbkey.find(':', 1);
  if (colon == std::string_view::npos) return false;
  size_t end = colon;
  while (end > 1 && dbkey[end - 1] == '_') --end;
  prefix = dbkey.substr(0, end);
  rest = dbkey.substr(colon + 1);
  while (!rest.empty() && rest.front() == '_') rest.remove_prefix(1);
  return true;
}

// The first match of getTitleInvalidRegex(): a byte outside the legal set,
// a %XX escape or an &entity; reference.
bool hasIllegalSequence(std::string_view s, const std::bitset<256>& legal) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!legal.test(c)) return true;
    if (c == '%' && i + 2 < s.size() && hexDigit(s[i + 1]) >= 0 && hexDigit(s[i + 2]) >= 0) return true;
    if (c == '&') {
      size_t j = i + 1;
      while (j < s.size()) {
        const auto d = static_cast<unsigned char>(s[j]);
        if (!((d >= 'A' && d <= 'Z') || (d >= 'a' && d <= 'z') || (d >= '0' && d <= '9') || d >= 0x80)) break;
        ++j;
      }
      if (j > i + 1 && j < s.size() && s[j] == ';') return true;
    }
  }
  return false;
}

bool isRelative(std::string_view k) {
  if (k.find('.') == std::string_view::npos) return false;
  return k == "." || k == ".." || k.substr(0, 2) == "./" || k.substr(0, 3) == "../" ||
         k.find("/./") != std::string_view::npos || k.find("/../") != std::string_view::npos ||
         (k.size() >= 2 && k.substr(k.size() - 2) == "/.") || (k.size() >= 3 && k.substr(k.size() - 3) == "/..");
}

bool caseInsensitiveAsciiEqual(std::string_view a, std::string_view b) { return asciiLower(a) == asciiLower(b); }

// str_replace('$1', $value, $pattern): every occurrence.
std::string replaceDollarOne(std::string_view pattern, std::string_view value) {
  std::string out;
  size_t i = 0;
  for (;;) {
    const size_t pos = pattern.find("$1", i);
    if (pos == std::string_view::npos) break;
    out.append(pattern.substr(i, pos - i));
    out.append(value);
    i = pos + 2;
  }
  out.append(pattern.substr(i));
  return out;
}

// UrlUtils::removeDotSegments (RFC 3986 section 5.2.4).
std::string removeDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") in.remove_prefix(3);
    else if (in.substr(0, 2) == "./") in.remove_prefix(2);
    else if (in.substr(0, 3) == "/./") in.remove_prefix(2);
    else if (in == "/.") in = "/";
    else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const size_t slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const size_t next = in.find('/', 1);
      const size_t len = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, len));
      in.remove_prefix(len);
    }
  }
  return out;
}

// wfExpandUrl($url, PROTO_CANONICAL) for URLs of the scheme://host/path form
// that titles produce: relative URLs get the canonical server; then, as
// UrlUtils::parse/assemble do, the path loses dot segments, an empty query
// ("?") is dropped and PHP's parse_url() turns control characters into '_'
// (which reaches fragments: a title fragment may hold any character).
std::string expandCanonical(std::string url, const std::string& canonicalServer) {
  if (url.rfind("//", 0) == 0) {
    const size_t colon = canonicalServer.find("://");
    url = (colon == std::string::npos ? std::string("http") : canonicalServer.substr(0, colon)) + ":" + url;
  } else if (url.rfind("/", 0) == 0) {
    url = canonicalServer + url;
  }
  const size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) return url;
  const size_t pathStart = url.find_first_of("/?#", schemeEnd + 3);
  if (pathStart == std::string::npos || url[pathStart] != '/') return url;
  const size_t pathEnd = url.find_first_of("?#", pathStart);
  std::string out = url.substr(0, pathStart);
  out += removeDotSegments(std::string_view(url).substr(pathStart, pathEnd - pathStart));
  if (pathEnd != std::string::npos) {
    const size_t hash = url.find('#', pathEnd);
    if (url[pathEnd] == '?') {
      const std::string query =
          url.substr(pathEnd + 1, hash == std::string::npos ? std::string::npos : hash - pathEnd - 1);
      if (!query.empty()) out += "?" + query;
    }
    if (hash != std::string::npos) out += url.substr(hash);
  }
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
  return out;
}

ParsedTitle invalid(const char* key) {
  ParsedTitle t;
  t.error = key;
  return t;
}

}  // namespace

TitleCodec::TitleCodec(WikiPtr wiki)
    : wiki_(std::move(wiki)),
      language_(wiki_->lang),
      legalBytes_(parseCharClass(wiki_->legalTitleChars.empty() ? kDefaultLegalTitleChars : wiki_->legalTitleChars)),
      fragmentMode_(wiki_->fragmentMode == "legacy" ? FragmentMode::Legacy : FragmentMode::Html5) {
  for (const auto& [id, ns] : wiki_->namespaces()) {
    if (!ns.canonical.empty()) canonicalIndex_.emplace(asciiLower(underscored(ns.canonical)), id);
    if (!ns.name.empty()) namespaceIds_[language_.lc(underscored(ns.name))] = id;
  }
  for (const auto& alias : wiki_->aliases()) namespaceIds_[language_.lc(underscored(alias.alias))] = alias.id;
}

ParsedTitle TitleCodec::makeTitle(int ns, std::string_view dbkey, std::string_view fragment,
                                  std::string_view interwiki) {
  ParsedTitle t;
  t.valid = true;
  t.ns = ns;
  t.dbkey.assign(dbkey);
  t.fragment.assign(fragment);
  t.interwiki.assign(interwiki);
  return t;
}

std::string TitleCodec::webCleanUp(std::string_view text) { return utfNormalCleanUp(text); }

bool TitleCodec::namespaceIndex(std::string_view name, int& ns) const {
  const std::string key = language_.lc(name);
  if (auto it = canonicalIndex_.find(key); it != canonicalIndex_.end()) {
    ns = it->second;
    return true;
  }
  if (auto it = namespaceIds_.find(key); it != namespaceIds_.end()) {
    ns = it->second;
    return true;
  }
  return false;
}

const Interwiki* TitleCodec::interwiki(std::string_view prefix) const {
  if (prefix.empty()) return nullptr;
  return wiki_->findInterwiki(language_.lc(prefix));
}

ParsedTitle TitleCodec::parse(std::string_view text, int defaultNamespace) const {
  return split(text, defaultNamespace, 0);
}

// Title::newFromTextThrow + MediaWikiTitleCodec::splitTitleString.
ParsedTitle TitleCodec::split(std::string_view input, int defaultNamespace, int depth) const {
  // Sanitizer::decodeCharReferencesAndNormalize: its pattern also matches a
  // bare '&', so any '&' means decoding and Language::normalize.
  std::string filtered;
  if (input.find('&') != std::string_view::npos) filtered = utfNormalCleanUp(decodeCharReferences(input));
  else filtered.assign(input);

  std::string underscoredText = underscored(filtered);
  // The /u pattern that strips bidi controls fails on invalid UTF-8.
  if (!isValidUtf8(underscoredText)) return invalid("title-invalid-utf8");
  std::string stripped;
  stripped.reserve(underscoredText.size());
  for (size_t i = 0; i < underscoredText.size();) {
    if (isStrippedBidi(underscoredText, i)) {
      i += 3;
    } else {
      stripped.push_back(underscoredText[i]);
      ++i;
    }
  }
  std::string folded;
  folded.reserve(stripped.size());
  for (size_t i = 0; i < stripped.size();) {
    if (spaceLength(stripped, i)) {
      folded.push_back('_');
      while (i < stripped.size())
        if (size_t len = spaceLength(stripped, i)) i += len;
        else break;
      continue;
    }
    folded.push_back(stripped[i]);
    ++i;
  }
  std::string_view dbkey = trimUnderscores(folded);
  if (dbkey.find("\xEF\xBF\xBD") != std::string_view::npos) return invalid("title-invalid-utf8");

  ParsedTitle t;
  t.ns = defaultNamespace;
  if (!dbkey.empty() && dbkey[0] == ':') {
    t.ns = NS_MAIN;
    dbkey = trimUnderscores(dbkey.substr(1));
  }
  if (dbkey.empty()) return invalid("title-invalid-empty");

  std::string_view prefix, rest, x1, x2;
  for (;;) {
    if (!splitPrefix(dbkey, prefix, rest)) break;
    int ns;
    if (namespaceIndex(prefix, ns)) {
      dbkey = rest;
      t.ns = ns;
      if (ns == NS_TALK && splitPrefix(dbkey, x1, x2)) {
        int inner;
        if ((namespaceIndex(x1, inner) && inner != NS_MAIN) || interwiki(x1))
          return invalid("title-invalid-talk-namespace");
      }
    } else if (interwiki(prefix)) {
      dbkey = rest;
      t.interwiki = language_.lc(prefix);
      bool local = false;
      for (const auto& candidate : wiki_->interwikis())
        if (candidate.localInterwiki && caseInsensitiveAsciiEqual(t.interwiki, candidate.prefix)) local = true;
      if (local) {
        if (dbkey.empty()) {
          // An empty self-link is the main page.
          if (depth > 0) return invalid("title-invalid-empty");
          ParsedTitle main = split(wiki_->mainPage, NS_MAIN, depth + 1);
          return main.valid ? main : split("Main Page", NS_MAIN, depth + 1);
        }
        t.interwiki.clear();
        continue;
      }
      if (!dbkey.empty() && dbkey[0] == ':') {
        t.ns = NS_MAIN;
        dbkey = trimUnderscores(dbkey.substr(1));
      }
    }
    break;
  }

  if (const size_t hash = dbkey.find('#'); hash != std::string_view::npos) {
    t.fragment = spaced(dbkey.substr(hash + 1));
    dbkey = dbkey.substr(0, hash);
    while (!dbkey.empty() && dbkey.back() == '_') dbkey.remove_suffix(1);
  }

  if (hasIllegalSequence(dbkey, legalBytes_)) return invalid("title-invalid-characters");
  if (isRelative(dbkey)) return invalid("title-invalid-relative");
  if (dbkey.find("~~~") != std::string_view::npos) return invalid("title-invalid-magic-tilde");
  const size_t maxLength = t.ns != NS_SPECIAL ? 255 : 512;
  if (dbkey.size() > maxLength) return invalid("title-invalid-too-long");

  std::string key(dbkey);
  if (t.interwiki.empty()) {
    const Namespace* ns = wiki_->findNamespace(t.ns);
    const CaseMode mode = ns ? ns->caseMode : wiki_->caseMode;
    if (mode == CaseMode::FirstLetter) key = language_.ucfirst(key);
  }
  if (key.empty() && t.interwiki.empty() && t.ns != NS_MAIN) return invalid("title-invalid-empty");
  if (t.ns == NS_USER || t.ns == NS_USER_TALK) key = sanitizeIP(key);
  if (!key.empty() && key[0] == ':') return invalid("title-invalid-leading-colon");

  // TitleValue::assertValidSpec.
  const auto edgeSpace = [](char c) { return c == '_' || c == ' '; };
  if ((!key.empty() && (edgeSpace(key.front()) || edgeSpace(key.back()))) ||
      key.find_first_of("\r\n\t") != std::string::npos || (key.empty() && t.ns != NS_MAIN))
    return invalid("title-invalid");

  t.dbkey = std::move(key);
  t.valid = true;
  return t;
}

std::string TitleCodec::nsText(const ParsedTitle& t) const {
  if (t.ns == NS_MAIN) return {};
  const Namespace* ns = wiki_->findNamespace(t.ns);
  if (!ns) return {};
  // Title::getNsText: an interwiki title names the namespace canonically.
  if (!t.interwiki.empty() && !ns->canonical.empty()) return underscored(ns->canonical);
  return underscored(ns->name.empty() ? ns->canonical : ns->name);
}

std::string TitleCodec::prefixedDbKey(const ParsedTitle& t) const {
  if (!t.valid) return {};
  std::string s;
  if (!t.interwiki.empty()) s = t.interwiki + ":";
  if (t.ns != NS_MAIN) s += nsText(t) + ":";
  s += t.dbkey;
  return underscored(s);
}

std::string TitleCodec::prefixedText(const ParsedTitle& t) const { return spaced(prefixedDbKey(t)); }

std::string TitleCodec::text(const ParsedTitle& t) const { return t.valid ? spaced(t.dbkey) : std::string(); }

std::string TitleCodec::localUrl(const ParsedTitle& t) const {
  if (!t.valid) return {};
  if (const Interwiki* iw = interwiki(t.interwiki)) {
    std::string name = nsText(t);
    if (!name.empty()) name += ":";
    return replaceDollarOne(iw->url, wfUrlencode(name + t.dbkey));
  }
  return replaceDollarOne(wiki_->articlePath, wfUrlencode(prefixedDbKey(t)));
}

std::string TitleCodec::fragmentForUrl(const ParsedTitle& t) const {
  if (t.fragment.empty()) return {};
  // $wgExternalInterwikiFragmentMode is 'legacy' by default and siteinfo does
  // not report it.
  if (const Interwiki* iw = interwiki(t.interwiki); iw && !iw->local)
    return "#" + escapeIdForUrl(t.fragment, FragmentMode::Legacy);
  return "#" + escapeIdForUrl(t.fragment, fragmentMode_);
}

std::string TitleCodec::canonicalUrl(const ParsedTitle& t) const {
  if (!t.valid) return {};
  return expandCanonical(localUrl(t) + fragmentForUrl(t), wiki_->canonicalServer);
}

}  // namespace rcfeed
