// htmlspecialchars and attribute escaping (formatter/Sanitizer.h): the
// expected bytes are PHP's, including its replacement of each invalid UTF-8
// sequence by one U+FFFD, whether the special or invalid bytes fall inside
// long runs of plain text or not.

#include <gtest/gtest.h>

#include <string>

#include "formatter/Sanitizer.h"

namespace rcfeed {
namespace {

struct Case {
  std::string input, html, attribute;
};

const Case kCases[] = {
    {"plain ascii text that is longer than eight bytes",
     "plain ascii text that is longer than eight bytes",
     "plain ascii text that is longer than eight bytes"},
    {"a<b>&\"'c",
     "a&lt;b&gt;&amp;&quot;&#039;c",
     "a&lt;b&gt;&amp;&quot;&#039;c"},
    {"Caf\xC3" "\xA9" " \xE4" "\xB8" "\xAD" "\xE6" "\x96" "\x87" " \xF0" "\x9F" "\x98" "\x80" " <&> tail",
     "Caf\xC3" "\xA9" " \xE4" "\xB8" "\xAD" "\xE6" "\x96" "\x87" " \xF0" "\x9F" "\x98" "\x80" " &lt;&amp;&gt; tail",
     "Caf\xC3" "\xA9" " \xE4" "\xB8" "\xAD" "\xE6" "\x96" "\x87" " \xF0" "\x9F" "\x98" "\x80" " &lt;&amp;&gt; tail"},
    {"bad \xC3" "( and \xE2" "\x82" " end \xF0" "\x9F" "\x98" "",
     "bad \xEF" "\xBF" "\xBD" "( and \xEF" "\xBF" "\xBD" " end \xEF" "\xBF" "\xBD" "",
     "bad \xEF" "\xBF" "\xBD" "( and \xEF" "\xBF" "\xBD" " end \xEF" "\xBF" "\xBD" ""},
    {"\xED" "\xA0" "\x80" " surrogate \xC0" "\xAF" " overlong \xF5" "\x80" " high \x80" " lone",
     "\xEF" "\xBF" "\xBD" " surrogate \xEF" "\xBF" "\xBD" "\xEF" "\xBF" "\xBD" " overlong \xEF" "\xBF" "\xBD" "\xEF" "\xBF" "\xBD" " high \xEF" "\xBF" "\xBD" " lone",
     "\xEF" "\xBF" "\xBD" " surrogate \xEF" "\xBF" "\xBD" "\xEF" "\xBF" "\xBD" " overlong \xEF" "\xBF" "\xBD" "\xEF" "\xBF" "\xBD" " high \xEF" "\xBF" "\xBD" " lone"},
    {"tab\x09" "here\x0A" "new\x0D" "line & \"quoted\" 'single'",
     "tab\x09" "here\x0A" "new\x0D" "line &amp; &quot;quoted&quot; &#039;single&#039;",
     "tab&#9;here&#10;new&#13;line &amp; &quot;quoted&quot; &#039;single&#039;"},
    {"",
     "",
     ""},
    {"\xE2" "\x82" "\xAC" "\xE2" "\x82" "",
     "\xE2" "\x82" "\xAC" "\xEF" "\xBF" "\xBD" "",
     "\xE2" "\x82" "\xAC" "\xEF" "\xBF" "\xBD" ""},
};

TEST(Sanitizer, HtmlSpecialCharsEscapesAndReplacesInvalidUtf8AsPhp) {
  for (const auto& c : kCases) {
    std::string out = "prefix:";
    appendHtmlSpecialChars(out, c.input);
    EXPECT_EQ(out, "prefix:" + c.html) << c.input;
  }
}

TEST(Sanitizer, AttributeValuesAlsoEncodeTabsAndLineBreaks) {
  for (const auto& c : kCases) {
    std::string out = "prefix:";
    appendAttributeValue(out, c.input);
    EXPECT_EQ(out, "prefix:" + c.attribute) << c.input;
  }
}

}  // namespace
}  // namespace rcfeed
