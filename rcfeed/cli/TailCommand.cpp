// rcfeed tail: the DB tail source printed as events, one per line.

#include <csignal>
#include <iostream>

#include "formatter/EventBusRCFeedFormatter.h"
#include "formatter/EventId.h"
#include "rcfeed/DbPageStore.h"
#include "rcfeed/DbTailSource.h"
#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {
namespace {

int64_t parseId(const std::string& option, const std::string& value) {
  try {
    size_t used = 0;
    const long long v = std::stoll(value, &used);
    if (used == value.size() && v >= 0) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(option + " must be a non-negative integer, not '" + value + "'");
}

}  // namespace

int tailCommand(const std::vector<std::string>& argv) {
  Args args(argv,
            {"--wiki", "--db", "--since-id", "--since", "--state", "--prefix", "--password-env", "--password-file",
             "--profile", "--batch", "--poll-ms"},
            {"--once", "--from-start"});
  if (!args.operands().empty()) throw UsageError("unexpected operand '" + args.operands().front() + "'");
  auto wiki = Wiki::fromFile(args.required("--wiki"));

  DbTailOptions options;
  options.dsn = args.required("--db");
  options.tablePrefix = args.value("--prefix").value_or("");
  options.passwordEnv = args.value("--password-env").value_or("");
  options.passwordFile = args.value("--password-file").value_or("");
  options.statePath = args.value("--state").value_or("");
  options.once = args.flag("--once");
  if (auto b = args.value("--batch")) options.batchSize = static_cast<size_t>(std::max<int64_t>(1, parseId("--batch", *b)));
  if (auto p = args.value("--poll-ms")) options.pollInterval = std::chrono::milliseconds(parseId("--poll-ms", *p));
  options.start = dbTailStartFromArgs(args);

  FormatterOptions fo;
  fo.profile = profileFromOption(args.value("--profile"), *wiki);
  // parsedcomment's red links and redirects come from the same database.
  DbPageStoreOptions pages;
  pages.dsn = options.dsn;
  pages.tablePrefix = options.tablePrefix;
  pages.passwordEnv = options.passwordEnv;
  pages.passwordFile = options.passwordFile;
  fo.pages = std::make_shared<DbPageStore>(std::move(pages));
  EventBusRCFeedFormatter formatter(wiki, fo);
  DbTailSource source(wiki, options);
  const std::string requestId = newRequestId();

  std::ios::sync_with_stdio(false);
  std::vector<SourcedChange> batch;
  std::string out;
  size_t unencodable = 0;
  while (true) {
    batch.clear();
    const bool more = source.poll(batch, options.batchSize, std::chrono::milliseconds(1000));
    for (const auto& c : batch) {
      out.clear();
      if (!formatter.format(c.rc, requestId, out)) {
        std::cerr << "rcfeed tail: rc_id " << c.rc.id.value_or(0) << ": skipped: event cannot be encoded as JSON\n";
        ++unencodable;
        continue;
      }
      out.push_back('\n');
      std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    }
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to stdout");
    // Printed is delivered: the checkpoint may move past this batch.
    if (!batch.empty()) source.acknowledge(batch.back().position);
    if (!more) break;
  }
  const DbTailStats s = source.stats();
  if (s.rowErrors) std::cerr << "rcfeed tail: " << s.rowErrors << " row(s) skipped; last: " << source.lastRowError() << "\n";
  return (s.rowErrors || unencodable) ? 1 : 0;
}

}  // namespace rcfeed::cli
