// rcfeed format: JSONRCFeedFormatter lines in, EventBus events out.

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "formatter/EventBusRCFeedFormatter.h"
#include "formatter/EventId.h"
#include "rcfeed/DbPageStore.h"
#include "rcfeed/JsonRCFeedLine.h"
#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {
namespace {

// Returns the number of lines skipped.
size_t formatStream(std::istream& in, const std::string& name, const EventBusRCFeedFormatter& formatter,
                    const std::string& requestId) {
  std::string line, out;
  size_t lineNo = 0, skipped = 0;
  RecentChange rc;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto r = readJsonRCFeedLine(line, rc);
    if (!r.ok) {
      std::cerr << "rcfeed format: " << name << ":" << lineNo << ": skipped: " << r.error << "\n";
      ++skipped;
      continue;
    }
    out.clear();
    if (!formatter.format(rc, requestId, out)) {
      std::cerr << "rcfeed format: " << name << ":" << lineNo << ": skipped: event cannot be encoded as JSON\n";
      ++skipped;
      continue;
    }
    out.push_back('\n');
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
  }
  return skipped;
}

}  // namespace

int formatCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"--wiki", "--db", "--profile", "--assume-pages"}, {});
  auto wiki = Wiki::fromFile(args.required("--wiki"));
  FormatterOptions options;
  options.profile = profileFromOption(args.value("--profile"), *wiki);
  const auto assume = args.value("--assume-pages");
  if (assume && *assume != "exist" && *assume != "missing")
    throw UsageError("--assume-pages must be 'exist' or 'missing', not '" + *assume + "'");
  if (const auto dsn = args.value("--db")) {
    if (assume) throw UsageError("--assume-pages is for runs without --db");
    DbPageStoreOptions db;
    db.dsn = *dsn;
    if (std::getenv("RCFEED_DB_PASSWORD")) db.passwordEnv = "RCFEED_DB_PASSWORD";
    options.pages = std::make_shared<DbPageStore>(db);
  } else {
    options.pages = std::make_shared<AssumedPageStore>(!assume || *assume == "exist");
  }
  EventBusRCFeedFormatter formatter(wiki, options);
  // One run is one "request": its events share a request id, as the events
  // of one MediaWiki request or maintenance run do.
  const std::string requestId = newRequestId();
  std::ios::sync_with_stdio(false);
  size_t skipped = 0;
  if (args.operands().empty()) {
    skipped += formatStream(std::cin, "<stdin>", formatter, requestId);
  }
  for (const auto& file : args.operands()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "rcfeed format: " << file << ": cannot open\n";
      ++skipped;
      continue;
    }
    skipped += formatStream(in, file, formatter, requestId);
  }
  std::cout.flush();
  return skipped ? 1 : 0;
}

}  // namespace rcfeed::cli
