// libFuzzer target for the configuration loader (parseConfig). ConfigError is
// its documented refusal; any other exception, a crash or a sanitizer report
// is a finding. Relative paths resolve in a private temporary folder that
// holds the fixture wiki's siteinfo as "siteinfo.json".

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "rcfeed/Config.h"

namespace {

namespace fs = std::filesystem;

// Set once by LLVMFuzzerInitialize. Its destructor was registered before the
// atexit handler that removes the folder, so it runs after it.
std::string baseDir;

void removeBaseDir() {
  std::error_code ec;
  fs::remove_all(baseDir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string tmpl = (fs::temp_directory_path() / "rcfeed-config-fuzz-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) std::abort();
  fs::copy_file(std::string(RCFEED_FIXTURES) + "/mw139-en/siteinfo.json", tmpl + "/siteinfo.json");
  baseDir = tmpl;
  std::atexit(removeBaseDir);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    rcfeed::parseConfig(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json", baseDir);
  } catch (const rcfeed::ConfigError&) {
  }
  return 0;
}
