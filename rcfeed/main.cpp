// rcfeed: MediaWiki RecentChanges to EventBus events.

#include <iostream>
#include <string>
#include <vector>

#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace {

const char* kUsage =
    "usage: rcfeed COMMAND [OPTIONS]\n"
    "\n"
    "Turns MediaWiki recent changes into mediawiki.recentchange events, as the\n"
    "EventBus extension's EventBusRCFeedFormatter and EventBusRCFeedEngine do.\n"
    "\n"
    "commands:\n"
    "  format --wiki SITEINFO.json [--db DSN | --assume-pages exist|missing]\n"
    "         [--profile 1.39|master] [FILE...]\n"
    "      Read JSONRCFeedFormatter lines (the UDP feed's datagrams, one per line)\n"
    "      from the FILEs or stdin and print one event per line, in input order.\n"
    "      Nothing is sent. A line that cannot be read is reported on stderr with\n"
    "      its line number and skipped; the exit status is then 1.\n"
    "      --db sqlite:PATH (or mysql://USER@HOST[:PORT]/DB, password in the\n"
    "      variable RCFEED_DB_PASSWORD) reads the wiki's page table for the red\n"
    "      links and redirect classes in parsedcomment; without it every linked\n"
    "      page is taken as existing, or as missing with --assume-pages missing.\n"
    "\n"
    "  title --wiki SITEINFO.json [--web] [FILE]\n"
    "      Parse one page title per line (from FILE or stdin) as MediaWiki 1.39\n"
    "      does and print one JSON object per line: input, input_hex, valid,\n"
    "      error (MediaWiki's message key), namespace, prefixed_text,\n"
    "      prefixed_dbkey, fragment, interwiki, canonical_url. A line that is a\n"
    "      JSON string literal (\"...\") is decoded first; any other line is taken\n"
    "      as raw bytes. --web cleans the title up the way a web request would\n"
    "      (invalid UTF-8 and control characters to U+FFFD, then NFC).\n"
    "\n"
    "options:\n"
    "  --help       this text\n"
    "  --version    the version\n"
    "\n"
    "SITEINFO.json is what the wiki's action API answers to\n"
    "  api.php?action=query&meta=siteinfo&format=json\n"
    "    &siprop=general|namespaces|namespacealiases|interwikimap|specialpagealiases\n"
    "  (without specialpagealiases, every Special: link counts as an existing page)\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "--version") {
    std::cout << "rcfeed " RCFEED_VERSION "\n";
    return 0;
  }
  try {
    if (command == "format") return rcfeed::cli::formatCommand(args);
    if (command == "title") return rcfeed::cli::titleCommand(args);
    std::cerr << "rcfeed: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  } catch (const rcfeed::cli::UsageError& e) {
    std::cerr << "rcfeed " << command << ": " << e.what() << "\n(see rcfeed --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rcfeed " << command << ": " << e.what() << "\n";
    return 1;
  }
}
