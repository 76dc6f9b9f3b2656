#pragma once
// Wiki: what rcfeed knows about one MediaWiki wiki, read from the JSON its
// action API returns for
//   action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|interwikimap
// and, when given, specialpagealiases.
// The loaded object is immutable and safe to share between threads.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rcfeed {

enum class CaseMode { FirstLetter, CaseSensitive };

struct Namespace {
  int id = 0;
  std::string name;       // local name in the content language ("" for the main namespace)
  std::string canonical;  // English canonical name ("" when MediaWiki reports none)
  CaseMode caseMode = CaseMode::FirstLetter;
  bool subpages = false;
  bool content = false;
};

struct NamespaceAlias {
  std::string alias;
  int id = 0;
};

struct Interwiki {
  std::string prefix;  // lower case, as MediaWiki stores it
  std::string url;     // with $1 where the page name goes
  bool local = false;           // iw_local: the target is trusted like this wiki
  bool localInterwiki = false;  // one of $wgLocalInterwikis: a prefix naming this wiki itself
  bool protorel = false;
};

// One entry of siteinfo's specialpagealiases: a special page's canonical
// name and its names in the content language, the first being the one
// MediaWiki uses in links.
struct SpecialPageAliases {
  std::string name;
  std::vector<std::string> aliases;
};

// MediaWiki major.minor, for choosing the output profile.
struct MediaWikiVersion {
  int major = 1;
  int minor = 39;
  bool operator<(const MediaWikiVersion& o) const {
    return major != o.major ? major < o.major : minor < o.minor;
  }
};

class Wiki {
 public:
  // Parses siteinfo JSON (with or without the top-level "query" wrapper).
  // Throws std::runtime_error naming `origin` and the missing or bad key.
  static std::shared_ptr<const Wiki> fromJson(std::string_view json, const std::string& origin);
  static std::shared_ptr<const Wiki> fromFile(const std::string& path);

  // $wgCanonicalServer: siteinfo's canonicalserver, else server expanded
  // to http: when protocol-relative (as MediaWiki's Setup.php does).
  std::string canonicalServer;
  std::string server;
  std::string serverName;  // $wgServerName: host of the canonical server
  std::string scriptPath;  // $wgScriptPath ("" allowed)
  std::string script;      // $wgScript
  std::string articlePath; // $wgArticlePath, with $1
  std::string wikiId;
  std::string lang;
  bool rtl = false;
  CaseMode caseMode = CaseMode::FirstLetter;
  std::string linktrail;   // PCRE source as siteinfo gives it
  std::string legalTitleChars;
  // $wgFragmentMode[0] ("html5" or "legacy"): how section anchors go into local URLs.
  std::string fragmentMode = "html5";
  std::string generator;   // e.g. "MediaWiki 1.39.17"
  MediaWikiVersion version;
  std::string mainPage;

  const Namespace* findNamespace(int id) const;
  // Local name of namespace `id` followed by ':' (nothing for ns 0).
  // Falls back to the canonical name, then to "" for unknown namespaces.
  std::string titlePrefix(int id) const;
  const std::map<int, Namespace>& namespaces() const { return namespaces_; }
  const std::vector<NamespaceAlias>& aliases() const { return aliases_; }
  const std::vector<Interwiki>& interwikis() const { return interwikis_; }
  const Interwiki* findInterwiki(std::string_view lowerPrefix) const;
  // Empty when the siteinfo was fetched without siprop=specialpagealiases.
  const std::vector<SpecialPageAliases>& specialPages() const { return specialPages_; }

 private:
  std::map<int, Namespace> namespaces_;
  std::vector<NamespaceAlias> aliases_;
  std::vector<Interwiki> interwikis_;
  std::vector<SpecialPageAliases> specialPages_;
};

using WikiPtr = std::shared_ptr<const Wiki>;

}  // namespace rcfeed
