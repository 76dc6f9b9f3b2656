#include "formatter/SpecialPages.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace rcfeed {
namespace {

// Language::caseFold is Language::uc; in alias keys spaces are underscores.
std::string foldKey(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toUpper(icu::Locale::getRoot())
      .toUTF8String(out);
  for (char& c : out) {
    if (c == ' ') c = '_';
  }
  return out;
}

}  // namespace

SpecialPages::SpecialPages(const Wiki& wiki) : language_(wiki.lang) {
  // SpecialPageFactory::getAliasList: every canonical name first, then the
  // aliases, an earlier claim winning.
  for (const auto& page : wiki.specialPages()) aliases_.emplace(foldKey(page.name), page.name);
  for (const auto& page : wiki.specialPages()) {
    for (const auto& alias : page.aliases) aliases_.emplace(foldKey(alias), page.name);
  }
  for (const auto& page : wiki.specialPages()) {
    for (const auto& alias : page.aliases) {
      auto it = aliases_.find(foldKey(alias));
      if (it != aliases_.end() && it->second == page.name) {
        local_.emplace(page.name, alias);
        break;
      }
    }
  }
}

std::string SpecialPages::localName(std::string_view name) const {
  auto it = local_.find(std::string(name));
  return language_.ucfirst(it == local_.end() ? name : std::string_view(it->second));
}

std::optional<std::string> SpecialPages::localDbKey(std::string_view dbkey) const {
  const size_t slash = dbkey.find('/');
  auto it = aliases_.find(foldKey(dbkey.substr(0, slash)));
  if (it == aliases_.end()) return std::nullopt;
  auto local = local_.find(it->second);
  std::string name = local == local_.end() ? it->second : local->second;
  if (slash != std::string_view::npos) name += "/" + std::string(dbkey.substr(slash + 1));
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return language_.ucfirst(name);
}

}  // namespace rcfeed
