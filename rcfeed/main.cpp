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
    "  format --wiki SITEINFO.json [--db DSN] [--profile 1.39|master] [FILE...]\n"
    "      Read JSONRCFeedFormatter lines (the UDP feed's datagrams, one per line)\n"
    "      from the FILEs or stdin and print one event per line, in input order.\n"
    "      Nothing is sent. A line that cannot be read is reported on stderr with\n"
    "      its line number and skipped; the exit status is then 1.\n"
    "\n"
    "  tail --wiki SITEINFO.json --db DSN [--since-id N | --since TIME | --from-start]\n"
    "       [--once] [--state FILE] [--prefix PREFIX] [--password-env VAR | --password-file FILE]\n"
    "       [--batch N] [--poll-ms MS] [--profile 1.39|master]\n"
    "      Read the wiki's recentchanges table and print one event per line, as\n"
    "      format does. DSN is sqlite:/path/wiki.sqlite (opened read-only) or\n"
    "      mysql://USER@HOST:PORT/DB (password from --password-env or --password-file).\n"
    "      --state keeps a checkpoint file, moved after each printed batch; without\n"
    "      a start option tail resumes from it (or from the table's start). TIME is\n"
    "      YYYYMMDDHHMMSS or ISO 8601 UTC. --once stops at the table's current end;\n"
    "      otherwise tail polls every --poll-ms (500) until interrupted. --prefix is\n"
    "      $wgDBprefix. Suppressed rows (rc_deleted != 0) are skipped.\n"
    "\n"
    "options:\n"
    "  --help       this text\n"
    "  --version    the version\n"
    "\n"
    "SITEINFO.json is what the wiki's action API answers to\n"
    "  api.php?action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|interwikimap&format=json\n";

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
    if (command == "tail") return rcfeed::cli::tailCommand(args);
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
