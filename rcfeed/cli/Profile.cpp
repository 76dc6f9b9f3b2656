#include "formatter/EventBusRCFeedFormatter.h"
#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {

OutputProfile profileFromOption(const std::optional<std::string>& option, const Wiki& wiki) {
  if (!option) return profileForVersion(wiki.version);
  if (*option == "1.39") return OutputProfile::MW139;
  if (*option == "master") return OutputProfile::Master;
  throw UsageError("--profile must be 1.39 or master, not '" + *option + "'");
}

}  // namespace rcfeed::cli
