#include "rcfeed/cli/Args.h"

namespace rcfeed::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valued,
           const std::set<std::string>& flags) {
  bool onlyOperands = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (onlyOperands || a.size() < 2 || a[0] != '-' ) {
      operands_.push_back(a);
      continue;
    }
    if (a == "--") {
      onlyOperands = true;
      continue;
    }
    std::string name = a, inlineValue;
    bool hasInline = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      name = a.substr(0, eq);
      inlineValue = a.substr(eq + 1);
      hasInline = true;
    }
    if (valued.count(name)) {
      if (hasInline) {
        values_[name] = inlineValue;
      } else {
        if (i + 1 >= argv.size()) throw UsageError(name + " needs a value");
        values_[name] = argv[++i];
      }
    } else if (flags.count(name) && !hasInline) {
      flags_.insert(name);
    } else {
      throw UsageError("unknown option " + name);
    }
  }
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::required(const std::string& name) const {
  auto v = value(name);
  if (!v) throw UsageError(name + " is required");
  return *v;
}

}  // namespace rcfeed::cli
