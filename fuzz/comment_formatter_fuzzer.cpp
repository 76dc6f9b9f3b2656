// libFuzzer target for CommentFormatter. The first byte picks the wiki
// (bits 0-1: the mw139-en fixture wiki, de, tr, ennocap), the markup (bit 2:
// master), whether unknown pages exist (bit 3) and the self page's namespace
// (bits 4-6). The bytes up to the first NUL are the self page's title, the
// rest is the comment. Besides crashes and sanitizer reports it stops when
// the HTML is not valid UTF-8, which parsedcomment promises for any input.

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formatter/CommentFormatter.h"
#include "rcfeed/Utf8.h"

namespace {

const std::vector<std::unique_ptr<rcfeed::CommentFormatter>>& formatters() {
  static const auto all = [] {
    std::vector<std::unique_ptr<rcfeed::CommentFormatter>> v;
    const std::string fixtures = RCFEED_FIXTURES;
    for (const std::string& path : {fixtures + "/mw139-en/siteinfo.json", fixtures + "/titles/siteinfo/de.json",
                                   fixtures + "/titles/siteinfo/tr.json", fixtures + "/titles/siteinfo/ennocap.json"}) {
      auto wiki = rcfeed::Wiki::fromFile(path);
      for (auto profile : {rcfeed::OutputProfile::MW139, rcfeed::OutputProfile::Master}) {
        for (bool exist : {false, true}) {
          v.push_back(std::make_unique<rcfeed::CommentFormatter>(
              wiki, profile, std::make_shared<rcfeed::AssumedPageStore>(exist)));
        }
      }
    }
    return v;
  }();
  return all;
}

constexpr int kNamespaces[] = {0, 1, 2, 3, 4, 6, 14, -1};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  const auto& formatter = *formatters()[(selector & 3) * 4 + ((selector >> 2) & 1) * 2 + ((selector >> 3) & 1)];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t nul = rest.find('\0');
  const std::string_view self = nul == std::string_view::npos ? std::string_view() : rest.substr(0, nul);
  const std::string_view comment = nul == std::string_view::npos ? rest : rest.substr(nul + 1);
  const std::string html = formatter.format(comment, kNamespaces[(selector >> 4) & 7], self);
  if (!rcfeed::isValidUtf8(html)) std::abort();
  return 0;
}
