#pragma once
// The rcfeed subcommands. Each takes the arguments after its name and
// returns the process exit status; a UsageError means bad arguments.

#include <optional>
#include <string>
#include <vector>

#include "formatter/CommentFormatter.h"
#include "rcfeed/DbTailSource.h"
#include "rcfeed/Wiki.h"

namespace rcfeed::cli {

class Args;

int formatCommand(const std::vector<std::string>& argv);
int titleCommand(const std::vector<std::string>& argv);
int replayCommand(const std::vector<std::string>& argv);
int tailCommand(const std::vector<std::string>& argv);

int runCommand(const std::vector<std::string>& argv);

// --from-start / --since-id / --since; Resume when none is given.
DbTailStart dbTailStartFromArgs(const Args& args);

// --profile 1.39|master, or the wiki's own version when absent.
OutputProfile profileFromOption(const std::optional<std::string>& option, const Wiki& wiki);

}  // namespace rcfeed::cli
