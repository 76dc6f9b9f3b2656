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
    "  replay --config CONFIG.json [--feed NAME] [--max-attempts N] FILE...\n"
    "      Send the changes in the FILEs (JSONRCFeedFormatter lines) through the\n"
    "      first RCFeeds entry of CONFIG, or the one named NAME: its omit_* filters,\n"
    "      formatter and event service. A failed send is retried with backoff, up\n"
    "      to N sends per event (default: the feed's max_attempts, or 5 when that\n"
    "      is 0). Rejected events go to the feed's dead_letter file, if it has one.\n"
    "      Shows progress on a terminal and ends with a summary on stdout (read,\n"
    "      formatted, accepted, rejected, failed, with reasons). The exit status\n"
    "      is 0 only if every event was accepted.\n"
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
    "  run --config CONFIG.json [--feed NAME[,NAME...]] [--from-start | --since-id N | --since TIME]\n"
    "      [--once] [--log-level error|warn|info|debug] [--metrics HOST:PORT|off]\n"
    "      The daemon: runs every RCFeeds entry of CONFIG that has a udp or db source\n"
    "      (or only the named ones), each on its own thread, until SIGTERM or SIGINT.\n"
    "      On a signal it stops reading, finishes the sends in flight, keeps the\n"
    "      checkpoints and spools, and exits 0. The start options override every DB\n"
    "      feed's checkpoint. --once ends when every (DB) feed has delivered its\n"
    "      table up to its current end. Logs are JSON lines on stderr. /metrics (Prometheus)\n"
    "      and /healthz are served on --metrics (default 127.0.0.1:9391).\n"
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
    if (command == "replay") return rcfeed::cli::replayCommand(args);
    if (command == "tail") return rcfeed::cli::tailCommand(args);
    if (command == "run") return rcfeed::cli::runCommand(args);
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
