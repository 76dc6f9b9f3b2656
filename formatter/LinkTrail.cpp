#include "formatter/LinkTrail.h"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <cctype>
#include <stdexcept>

namespace rcfeed {
namespace {

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

}  // namespace

LinkTrail::LinkTrail(std::string_view literal) {
  const std::string quoted = "link trail '" + std::string(literal) + "'";
  if (literal.size() < 2) throw std::invalid_argument(quoted + ": not a /pattern/flags literal");
  const char delimiter = literal.front();
  const size_t end = literal.rfind(delimiter);
  if (end == 0 || std::isalnum(static_cast<unsigned char>(delimiter)) || delimiter == '\\') {
    throw std::invalid_argument(quoted + ": not a /pattern/flags literal");
  }
  uint32_t flags = 0;
  for (char f : literal.substr(end + 1)) {
    switch (f) {
      case 's': flags |= UREGEX_DOTALL; break;
      case 'i': flags |= UREGEX_CASE_INSENSITIVE; break;
      case 'x': flags |= UREGEX_COMMENTS; break;
      case 'm': flags |= UREGEX_MULTILINE; break;
      case 'u': case 'D': break;
      default: throw std::invalid_argument(quoted + ": unsupported flag '" + std::string(1, f) + "'");
    }
  }
  const std::string_view source = literal.substr(1, end - 1);
  UErrorCode status = U_ZERO_ERROR;
  UParseError parseError{};
  pattern_.reset(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(icu::StringPiece(source.data(), static_cast<int32_t>(source.size()))), flags,
      parseError, status));
  if (U_FAILURE(status) || !pattern_) {
    throw std::invalid_argument(quoted + ": " + u_errorName(status) + " at offset " +
                                std::to_string(parseError.offset));
  }
}

LinkTrail::~LinkTrail() = default;

bool LinkTrail::match(std::string_view text, std::string& inside, std::string& rest) const {
  inside.clear();
  rest.clear();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (U_FAILURE(status)) return false;
  std::unique_ptr<icu::RegexMatcher> m(pattern_->matcher(status));
  if (U_FAILURE(status)) return false;
  m->reset(ut.get());
  if (!m->find(status) || U_FAILURE(status)) return false;
  // On UTF-8 UText the match offsets are byte offsets.
  const auto group = [&](int32_t g, std::string& out) {
    if (g > m->groupCount()) return;
    const int64_t b = m->start64(g, status), e = m->end64(g, status);
    if (U_SUCCESS(status) && b >= 0 && e >= b) out.assign(text.substr(static_cast<size_t>(b), static_cast<size_t>(e - b)));
  };
  group(1, inside);
  group(2, rest);
  return U_SUCCESS(status);
}

}  // namespace rcfeed
