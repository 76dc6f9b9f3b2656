#include "formatter/CommentFormatter.h"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>

#include <cctype>
#include <optional>
#include <stdexcept>
#include <vector>

#include "formatter/CharReferences.h"
#include "formatter/Sanitizer.h"
#include "formatter/Url.h"
#include "rcfeed/Utf8.h"

namespace rcfeed {
namespace {

constexpr int kNsMedia = -2;
constexpr int kNsSpecial = -1;
constexpr int kNsFile = 6;

// PCRE's \s without UTF mode: space, \t, \n, \v, \f, \r.
bool isPcreSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// PHP's truthiness of a string: "" and "0" are false.
bool phpTruthy(std::string_view s) { return !s.empty() && s != "0"; }

std::string phpTrim(std::string_view s) {
  constexpr std::string_view kTrim(" \t\n\r\0\x0B", 6);
  const size_t b = s.find_first_not_of(kTrim);
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(kTrim) - b + 1));
}

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

// T406664: brackets in generated section-link HTML must not start wiki links.
std::string escapeBrackets(std::string_view html) {
  std::string out;
  out.reserve(html.size() + 16);
  for (char c : html) {
    if (c == '[') out.append("&#91;");
    else if (c == ']') out.append("&#93;");
    else out.push_back(c);
  }
  return out;
}

// PHP rawurldecode(): every %XX, nothing else ('+' stays).
std::string rawUrlDecode(std::string_view s) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// PHP rawurlencode() (RFC 3986 unreserved characters stay).
std::string rawUrlEncode(std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

bool asciiIEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The part of MediaWikiTitleCodec::splitTitleString that Parser::
// normalizeSectionName relies on, for "#" . $text: bidi marks removed,
// Unicode white space runs folded, and the text given back unchanged when
// it holds U+FFFD (the codec rejects that as title-invalid-utf8).
std::string normalizeSectionName(std::string_view text) {
  std::string key = "#";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  bool inSpace = false;
  while (p < end) {
    char32_t cp = 0;
    int len = decodeUtf8(p, end, cp);
    if (len <= 0) return std::string(text);
    p += len;
    if (cp == 0xFFFD) return std::string(text);
    if (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)) continue;
    const bool space = cp == ' ' || cp == '_' || cp == 0xA0 || cp == 0x1680 || cp == 0x180E ||
                       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
                       cp == 0x205F || cp == 0x3000;
    if (space) {
      if (!inSpace) key.push_back('_');
      inSpace = true;
      continue;
    }
    inSpace = false;
    appendUtf8(key, cp);
  }
  while (key.size() > 1 && key.back() == '_') key.pop_back();
  std::string fragment = key.substr(1);
  for (char& c : fragment) {
    if (c == '_') c = ' ';
  }
  return fragment;
}

// MediaWikiTitleCodec::getTitleInvalidRegex's reference alternatives:
// &[A-Za-z0-9\x80-\xff]+;  &#[0-9]+;  &#x[0-9A-Fa-f]+;
bool holdsCharReference(std::string_view s) {
  for (size_t amp = s.find('&'); amp != std::string_view::npos; amp = s.find('&', amp + 1)) {
    size_t i = amp + 1;
    const auto run = [&](auto pred) {
      const size_t from = i;
      while (i < s.size() && pred(static_cast<unsigned char>(s[i]))) ++i;
      return i > from && i < s.size() && s[i] == ';';
    };
    if (run([](unsigned char c) { return std::isalnum(c) || c >= 0x80; })) return true;
    if (amp + 1 < s.size() && s[amp + 1] == '#') {
      i = amp + 2;
      if (run([](unsigned char c) { return std::isdigit(c) != 0; })) return true;
      if (amp + 2 < s.size() && s[amp + 2] == 'x') {
        i = amp + 3;
        if (run([](unsigned char c) { return std::isxdigit(c) != 0; })) return true;
      }
    }
  }
  return false;
}

// Title::normalizeFragment, applied whenever a link target becomes a Title:
// one leading '#' dropped, '_' read as space.
std::string normalizeFragment(std::string_view fragment) {
  if (!fragment.empty() && fragment[0] == '#') fragment.remove_prefix(1);
  std::string out(fragment);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

// T406664 (brackets in section-link HTML written as &#91; &#93;) reached
// REL1_39 in 1.39.16; 1.40 was out of support by then, master has it.
bool escapesSectionBrackets(const Wiki& wiki, OutputProfile profile) {
  if (profile == OutputProfile::Master) return true;
  if (wiki.version.major != 1 || wiki.version.minor != 39) return false;
  const std::string_view prefix = "MediaWiki 1.39.";
  const size_t at = wiki.generator.find(prefix);
  if (at == std::string::npos) return true;
  int patch = 0;
  size_t i = at + prefix.size();
  if (i >= wiki.generator.size() || !std::isdigit(static_cast<unsigned char>(wiki.generator[i]))) return true;
  for (; i < wiki.generator.size() && std::isdigit(static_cast<unsigned char>(wiki.generator[i])) && patch < 1000; ++i)
    patch = patch * 10 + (wiki.generator[i] - '0');
  return patch >= 16;
}

std::shared_ptr<const LinkTrail> compileLinkTrail(const Wiki& wiki) {
  try {
    return std::make_shared<LinkTrail>(wiki.linktrail);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("wiki " + wiki.wikiId + ": siteinfo general.linktrail: " + e.what());
  }
}

struct WikiLinkMatch {
  size_t end = 0;            // after the trail
  std::string_view target;   // group 1
  std::string_view label;    // group 2 ("" when absent)
  std::string_view trail;    // group 3
};

// CommentParser::doWikiLinks' pattern, anchored at text[at] == "[[":
//   \[\[ \s*+ :? ([^[\]|]+) (?:\| ((?:]?[^\]])*+) )? \]\] ([^[]*)
std::optional<WikiLinkMatch> matchWikiLink(std::string_view text, size_t at) {
  size_t i = at + 2;
  while (i < text.size() && isPcreSpace(text[i])) ++i;
  const auto targetEnd = [&](size_t from) {
    size_t j = from;
    while (j < text.size() && text[j] != '[' && text[j] != ']' && text[j] != '|') ++j;
    return j;
  };
  size_t tBegin = i;
  if (i < text.size() && text[i] == ':') tBegin = i + 1;
  size_t tEnd = targetEnd(tBegin);
  if (tEnd == tBegin) {
    // Backtrack ':?' so that the colon itself is the target.
    if (tBegin == i) return std::nullopt;
    tBegin = i;
    tEnd = targetEnd(tBegin);
  }
  WikiLinkMatch m;
  m.target = text.substr(tBegin, tEnd - tBegin);
  size_t j = tEnd;
  if (j < text.size() && text[j] == '|') {
    size_t k = j + 1;
    for (;;) {
      if (k < text.size() && text[k] != ']') {
        ++k;
      } else if (k + 1 < text.size() && text[k] == ']' && text[k + 1] != ']') {
        k += 2;
      } else {
        break;
      }
    }
    if (text.compare(k, 2, "]]") != 0) return std::nullopt;
    m.label = text.substr(j + 1, k - j - 1);
    j = k;
  } else if (text.compare(j, 2, "]]") != 0) {
    return std::nullopt;
  }
  j += 2;
  const size_t trailEnd = std::min(text.find('[', j), text.size());
  m.trail = text.substr(j, trailEnd - j);
  m.end = trailEnd;
  return m;
}

}  // namespace

struct CommentFormatter::Self {
  ParsedTitle title;
  std::string prefixedText;
};

// doWikiLinks' result: HTML with the places where links go once their
// pages have been looked up (MediaWiki's link markers).
struct CommentFormatter::Output {
  struct Link {
    size_t offset;          // where in html the link goes
    ParsedTitle target;
    std::string inner;      // link text, HTML
    bool media = false;     // Linker::makeMediaLinkFile
    std::optional<size_t> lookup;  // index into keys, when existence is asked
    bool known = false;     // when not asked
  };
  std::string html;
  std::vector<Link> links;
  std::vector<PageKey> keys;
};

CommentFormatter::CommentFormatter(WikiPtr wiki, OutputProfile profile, PageStorePtr pages)
    : wiki_(std::move(wiki)),
      profile_(profile),
      pages_(pages ? std::move(pages) : std::make_shared<AssumedPageStore>(true)),
      codec_(wiki_),
      linkTrail_(compileLinkTrail(*wiki_)),
      specialPages_(std::make_shared<SpecialPages>(*wiki_)),
      messages_(&CommentMessages::forLanguage(wiki_->lang)),
      fragmentMode_(wiki_->fragmentMode == "legacy" ? FragmentMode::Legacy : FragmentMode::Html5),
      escapeSectionBrackets_(escapesSectionBrackets(*wiki_, profile_)) {}

// TitleParser::makeTitleValueSafe(NS_FILE, name): unlike parseTitle it does
// not decode character references, so a name holding one is invalid (the
// title codec's illegal-characters rule rejects the references themselves).
// A name with a bare '&' goes through the codec's decoding as "&amp;", which
// also NFC-normalises it: only such a name that is not in NFC comes out
// differently from MediaWiki.
ParsedTitle CommentFormatter::parseFileName(std::string_view name) const {
  const Namespace* fileNs = wiki_->findNamespace(kNsFile);
  const std::string text = (fileNs && !fileNs->canonical.empty() ? fileNs->canonical : "File") + ":" + std::string(name);
  if (text.find('&') == std::string::npos) return codec_.parse(text);
  if (holdsCharReference(text)) return ParsedTitle{};
  // Written so that decoding gives the '&' back.
  std::string escaped;
  for (char c : text) {
    if (c == '&') escaped.append("&amp;");
    else escaped.push_back(c);
  }
  return codec_.parse(escaped);
}

std::string CommentFormatter::sectionLink(const Self& self, std::string_view anchor, std::string_view html) const {
  // LinkRenderer::makePreloadedLink on the self title with the anchor as
  // fragment; Title::getFragmentForURL escapes the anchor a second time.
  std::string href = articleUrl(wiki_->articlePath, codec_.prefixedDbKey(self.title));
  if (const std::string fragment = normalizeFragment(anchor); !fragment.empty())
    href += "#" + escapeIdForUrl(fragment, fragmentMode_);
  std::string out = "<a href=\"";
  appendAttributeValue(out, href);
  out.push_back('"');
  if (!self.prefixedText.empty()) {
    out.append(" title=\"");
    appendAttributeValue(out, self.prefixedText);
    out.push_back('"');
  }
  out.push_back('>');
  out.append(html);
  out.append("</a>");
  return out;
}

std::string CommentFormatter::doSectionLinks(std::string_view text, const Self* self) const {
  // '!(?:(?<=(.)))?/\*\s*(.*?)\s*\*/(?:(?=(.)))?!'
  std::string out;
  out.reserve(text.size() + 64);
  std::string append;
  const bool master = profile_ == OutputProfile::Master;
  const std::string_view arrow = wiki_->rtl ? "\xE2\x86\x90" : "\xE2\x86\x92";
  const std::string_view dirMark = wiki_->rtl ? "\xE2\x80\x8F" : "\xE2\x80\x8E";
  size_t pos = 0;
  for (size_t search = 0;;) {
    const size_t at = text.find("/*", search);
    if (at == std::string_view::npos) break;
    size_t begin = at + 2;
    while (begin < text.size() && isPcreSpace(text[begin])) ++begin;
    const size_t close = text.find("*/", begin);
    if (close == std::string_view::npos) break;
    size_t capEnd = close;
    while (capEnd > begin && isPcreSpace(text[capEnd - 1])) --capEnd;
    const std::string_view section = text.substr(begin, capEnd - begin);
    const size_t end = close + 2;
    const bool pre = at > 0;
    const bool post = end < text.size();

    std::string html(section);
    if (self) {
      std::string stripped(section);
      replaceAll(stripped, "[[:", "");
      replaceAll(stripped, "[[", "");
      replaceAll(stripped, "]]", "");
      // Parser::guessSectionNameFromStrippedText without its leading '#'.
      const std::string anchor = escapeIdForUrl(
          normalizeSectionName(decodeCharReferences(normalizeSectionNameWhitespace(stripped))), fragmentMode_);
      if (!anchor.empty()) {
        std::string linkHtml(arrow);
        if (master) {
          linkHtml.append(wiki_->rtl ? "<bdi dir=\"rtl\">" : "<bdi dir=\"ltr\">");
          linkHtml.append(section);
          linkHtml.append("</bdi>");
        } else {
          linkHtml.append(dirMark);
          linkHtml.append(section);
        }
        html = sectionLink(*self, anchor, linkHtml);
      }
    }
    if (post) html.append(messages_->colonSeparator);
    std::string replacement;
    if (master) {
      if (phpTruthy(html)) html = "<span class=\"autocomment\">" + html + "</span>";
      if (pre) replacement.append(messages_->autocommentPrefix);
      replacement.append(html);
    } else {
      if (pre) replacement.append(messages_->autocommentPrefix);
      if (phpTruthy(html)) {
        replacement.append("<span dir=\"auto\"><span class=\"autocomment\">");
        replacement.append(html);
        replacement.append("</span>");
        append.append("</span>");
      }
    }
    out.append(text.substr(pos, at - pos));
    out.append(escapeSectionBrackets_ ? escapeBrackets(replacement) : replacement);
    pos = end;
    search = end;
  }
  out.append(text.substr(pos));
  out.append(append);
  return out;
}

void CommentFormatter::doWikiLinks(std::string_view text, const Self* self, Output& out) const {
  const Namespace* mediaNs = wiki_->findNamespace(kNsMedia);
  std::string mediaLocal = mediaNs ? mediaNs->name : "Media";
  for (char& c : mediaLocal) {
    if (c == ' ') c = '_';
  }
  // Every link ends in "]]"; past the last one no match can start, and
  // stopping there keeps "[[a|[[a|..." linear.
  const size_t lastClose = text.rfind("]]");
  size_t pos = 0;
  for (size_t search = 0;;) {
    const size_t at = text.find("[[", search);
    if (at == std::string_view::npos || lastClose == std::string_view::npos || at > lastClose) break;
    const auto m = matchWikiLink(text, at);
    if (!m) {
      search = at + 1;
      continue;
    }
    out.html.append(text.substr(pos, at - pos));
    pos = search = m->end;
    const std::string_view whole = text.substr(at, m->end - at);

    std::string target(m->target);
    if (target.find('%') != std::string::npos) {
      target = rawUrlDecode(target);
      replaceAll(target, "<", "&lt;");
      replaceAll(target, ">", "&gt;");
    }
    const std::string linkText(m->label.empty() ? std::string_view(target) : m->label);

    // Media:X links straight to the file; no trail.
    std::optional<std::string> mediaName;
    for (std::string_view prefix : {std::string_view("Media"), std::string_view(mediaLocal)}) {
      if (target.size() > prefix.size() && target[prefix.size()] == ':' &&
          asciiIEquals(std::string_view(target).substr(0, prefix.size()), prefix)) {
        mediaName = target.substr(prefix.size() + 1);
        break;
      }
      if (target.size() == prefix.size() + 1 && target.back() == ':' &&
          asciiIEquals(std::string_view(target).substr(0, prefix.size()), prefix)) {
        mediaName = std::string();
        break;
      }
    }
    if (mediaName) {
      ParsedTitle file = parseFileName(*mediaName);
      const size_t close = whole.find("]]");
      if (!file.valid || file.ns != kNsFile || close == std::string_view::npos) {
        out.html.append(whole);
        continue;
      }
      Output::Link link{out.html.size(), std::move(file), linkText, true, out.keys.size(), false};
      out.keys.push_back(PageKey{kNsMedia, link.target.dbkey});
      out.links.push_back(std::move(link));
      out.html.append(whole.substr(close + 2));
      continue;
    }

    if (!target.empty() && target[0] == ':') target.erase(0, 1);
    if (target.empty()) {
      out.html.append(whole);
      continue;
    }
    std::string trail, inside, rest, ignored;
    if (!linkTrail_->match(m->trail, trail, ignored)) trail.clear();
    // preg_replace('/\[\[(.*?)\]\]' . preg_quote($trail) . '/', ...) on the match.
    const size_t close = whole.find("]]" + trail, 2);
    if (close == std::string_view::npos) {
      out.html.append(whole);
      continue;
    }
    // Linker::splitTrail
    if (trail.empty() || !linkTrail_->match(trail, inside, rest)) {
      inside.clear();
      rest = trail;
    }

    // Linker::normalizeSubpageLink
    std::string linkTarget = target;
    const Namespace* selfNs = self ? wiki_->findNamespace(self->title.ns) : nullptr;
    if (selfNs && selfNs->subpages) {
      const size_t hash = target.find('#');
      const std::string suffix = hash == std::string::npos ? "" : target.substr(hash);
      const std::string base = phpTrim(target.substr(0, hash));
      if (!base.empty() && base[0] == '/') {
        size_t slashes = 0;
        while (slashes < base.size() && base[base.size() - 1 - slashes] == '/') ++slashes;
        const std::string noslash = slashes ? base.substr(1, base.size() > slashes ? base.size() - 1 - slashes : 0)
                                            : base.substr(1);
        linkTarget = self->prefixedText + "/" + phpTrim(noslash) + suffix;
      } else {
        size_t dotdot = 0;
        std::string_view nodotdot = base;
        while (nodotdot.substr(0, 3) == "../") {
          ++dotdot;
          nodotdot.remove_prefix(3);
        }
        if (dotdot > 0) {
          std::vector<std::string_view> parts;
          std::string_view st = self->prefixedText;
          for (size_t s; (s = st.find('/')) != std::string_view::npos; st.remove_prefix(s + 1)) parts.push_back(st.substr(0, s));
          parts.push_back(st);
          if (parts.size() > dotdot) {
            std::string joined;
            for (size_t k = 0; k + dotdot < parts.size(); ++k) {
              if (k) joined.push_back('/');
              joined.append(parts[k]);
            }
            std::string tail(nodotdot);
            if (!tail.empty() && tail.back() == '/') {
              while (!tail.empty() && tail.back() == '/') tail.pop_back();
            }
            tail = phpTrim(tail);
            if (!tail.empty()) joined.append("/" + tail);
            linkTarget = joined + suffix;
          }
        }
      }
    }

    ParsedTitle parsed = codec_.parse(linkTarget, 0);
    if (!parsed.valid) {
      out.html.append(whole);
      continue;
    }
    if (parsed.dbkey.empty() && parsed.interwiki.empty() && self) {
      std::string fragment = std::move(parsed.fragment);
      parsed = self->title;
      parsed.fragment = std::move(fragment);
    }
    Output::Link link{out.html.size(), std::move(parsed), linkText + inside, false, std::nullopt, false};
    const ParsedTitle& t = link.target;
    if (t.ns == kNsSpecial && t.interwiki.empty()) {
      // Title::isAlwaysKnown: a special page exists if the wiki has it;
      // LinkRenderer::normalizeTarget writes it under its local name.
      if (!specialPages_->listed()) {
        link.known = true;
      } else if (auto local = specialPages_->localDbKey(t.dbkey)) {
        link.known = true;
        link.target.dbkey = std::move(*local);
      }
    } else if (!t.interwiki.empty() || (t.ns == 0 && t.dbkey.empty())) {
      link.known = true;
    } else {
      link.lookup = out.keys.size();
      out.keys.push_back(PageKey{t.ns, t.dbkey});
    }
    out.links.push_back(std::move(link));
    out.html.append(rest);
    out.html.append(whole.substr(close + 2 + trail.size()));
  }
  out.html.append(text.substr(pos));
}

std::string CommentFormatter::format(std::string_view comment, int selfNamespace,
                                     std::string_view selfPrefixedText) const {
  std::string text(comment);
  for (char& c : text) {
    if (c == '\n' || c == '\x1B') c = ' ';
  }
  text = escapeHtmlAllowEntities(text);
  // Section links need "/*" and wikilinks "[["; most summaries have
  // neither, and then the escaped text is the whole answer.
  if (text.find("/*") == std::string::npos && text.find("[[") == std::string::npos) return text;

  std::optional<Self> self;
  if (!selfPrefixedText.empty()) {
    // The packet's title is the namespace's local name, ':' and the text.
    const auto underscored = [](std::string_view text) {
      std::string key(text);
      for (char& c : key) {
        if (c == ' ') c = '_';
      }
      return key;
    };
    const std::string prefix = wiki_->titlePrefix(selfNamespace);
    ParsedTitle t;
    if (selfPrefixedText.substr(0, prefix.size()) == prefix) {
      t = TitleCodec::makeTitle(selfNamespace, underscored(selfPrefixedText.substr(prefix.size())));
    } else {
      // A namespace this wiki's siteinfo names differently.
      t = codec_.parse(selfPrefixedText, selfNamespace);
      if (!t.valid || !t.interwiki.empty() || !t.fragment.empty()) t = TitleCodec::makeTitle(0, underscored(selfPrefixedText));
    }
    self = Self{t, codec_.prefixedText(t)};
  }
  const Self* selfPtr = self ? &*self : nullptr;

  Output out;
  doWikiLinks(doSectionLinks(text, selfPtr), selfPtr, out);
  if (out.links.empty()) return std::move(out.html);

  std::vector<PageState> states;
  if (!out.keys.empty()) pages_->lookup(out.keys, states);
  states.resize(out.keys.size());

  std::string html;
  html.reserve(out.html.size() + out.links.size() * 96);
  size_t pos = 0;
  for (const auto& link : out.links) {
    html.append(out.html, pos, link.offset - pos);
    pos = link.offset;
    ParsedTitle t = link.target;
    t.fragment = normalizeFragment(t.fragment);
    const PageState state = link.lookup ? states[*link.lookup] : PageState{link.known, false};
    if (link.media) {
      // Linker::makeMediaLinkFile
      std::string href;
      if (state.known) {
        Poco::MD5Engine md5;
        md5.update(t.dbkey);
        const std::string hash = Poco::DigestEngine::digestToHex(md5.digest());
        href = wiki_->scriptPath + "/images/" + hash.substr(0, 1) + "/" + hash.substr(0, 2) + "/" + rawUrlEncode(t.dbkey);
      } else {
        href = wiki_->script + "?title=" + wfUrlencode(wiki_->titlePrefix(kNsSpecial) + specialPages_->localName("Upload")) +
               "&wpDestFile=" + wfUrlencode(t.dbkey);
      }
      std::string alt = t.dbkey;
      for (char& c : alt) {
        if (c == '_') c = ' ';
      }
      html.append("<a href=\"");
      appendAttributeValue(html, href);
      html.append(state.known ? "\" class=\"internal\" title=\"" : "\" class=\"new\" title=\"");
      appendAttributeValue(html, alt);
      html.append("\">");
      html.append(link.inner.empty() ? alt : link.inner);
      html.append("</a>");
      continue;
    }

    std::string href, cls, title;
    if (state.known) {
      // LinkRenderer::makeKnownLink
      if (!t.interwiki.empty()) {
        ParsedTitle local = t;
        local.interwiki.clear();
        local.fragment.clear();
        const Interwiki* iw = wiki_->findInterwiki(t.interwiki);
        std::string url = iw ? iw->url : "";
        const std::string key = codec_.prefixedDbKey(local);
        if (auto p = url.find("$1"); p != std::string::npos) url.replace(p, 2, wfUrlencode(key));
        if (!url.empty() && url[0] == '/' && (url.size() < 2 || url[1] != '/')) url = wiki_->server + url;
        if (!t.fragment.empty()) {
          url += "#" + escapeIdForUrl(t.fragment, iw && iw->local ? fragmentMode_ : FragmentMode::Legacy);
        }
        href = url;
        cls = "extiw";
        title = t.interwiki + ":" + codec_.prefixedText(local);
      } else {
        ParsedTitle bare = t;
        bare.fragment.clear();
        title = codec_.prefixedText(bare);
        if (title.empty() && !t.fragment.empty()) {
          href = "#" + escapeIdForUrl(t.fragment, fragmentMode_);
        } else {
          href = articleUrl(wiki_->articlePath, codec_.prefixedDbKey(bare));
          if (!t.fragment.empty()) href += "#" + escapeIdForUrl(t.fragment, fragmentMode_);
        }
        if (state.redirect && t.ns >= 0 && !t.dbkey.empty()) cls = "mw-redirect";
      }
    } else {
      // LinkRenderer::makeBrokenLink: no fragment, an edit link.
      ParsedTitle bare = t;
      bare.fragment.clear();
      const std::string prefixed = codec_.prefixedText(bare);
      if (t.ns == kNsSpecial) {
        href = articleUrl(wiki_->articlePath, codec_.prefixedDbKey(bare));
      } else {
        href = wiki_->script + "?title=" + wfUrlencode(codec_.prefixedDbKey(bare)) + "&action=edit&redlink=1";
      }
      cls = "new";
      if (!prefixed.empty()) title = messages_->redLinkTitleFor(prefixed);
    }
    html.append("<a href=\"");
    appendAttributeValue(html, href);
    html.push_back('"');
    if (!cls.empty()) {
      html.append(" class=\"");
      html.append(cls);
      html.push_back('"');
    }
    if (!title.empty()) {
      html.append(" title=\"");
      appendAttributeValue(html, title);
      html.push_back('"');
    }
    html.push_back('>');
    html.append(link.inner);
    html.append("</a>");
  }
  html.append(out.html, pos);
  return html;
}

}  // namespace rcfeed
