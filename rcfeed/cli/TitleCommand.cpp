// rcfeed title: how the wiki sees each input line as a page title.

#include <rapidjson/document.h>

#include <fstream>
#include <iostream>

#include "formatter/TitleCodec.h"
#include "rcfeed/FormatJson.h"
#include "rcfeed/Utf8.h"
#include "rcfeed/cli/Args.h"
#include "rcfeed/cli/Commands.h"

namespace rcfeed::cli {
namespace {

// A line that is a JSON string literal stands for the decoded string, so
// that control characters, "" and invalid UTF-8 can be given; any other
// line is the title's raw bytes.
std::string titleFromLine(const std::string& line) {
  if (line.empty() || line.front() != '"') return line;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(line.c_str(), line.size());
  if (doc.HasParseError() || !doc.IsString()) return line;
  return std::string(doc.GetString(), doc.GetStringLength());
}

std::string hex(std::string_view s) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

void writeResult(std::string& out, const TitleCodec& codec, const std::string& input) {
  const ParsedTitle t = codec.parse(input);
  JsonWriter w(out);
  w.startObject();
  w.key("input");
  if (isValidUtf8(input)) w.string(input);
  else w.null();
  w.key("input_hex");
  w.string(hex(input));
  w.key("valid");
  w.boolean(t.valid);
  w.key("error");
  if (t.valid) w.null();
  else w.string(t.error);
  const auto field = [&](const char* key, const std::string& value) {
    w.key(key);
    if (t.valid) w.string(value);
    else w.null();
  };
  w.key("namespace");
  if (t.valid) w.integer(t.ns);
  else w.null();
  field("prefixed_text", codec.prefixedText(t));
  field("prefixed_dbkey", codec.prefixedDbKey(t));
  field("fragment", t.fragment);
  field("interwiki", t.interwiki);
  field("canonical_url", codec.canonicalUrl(t));
  w.endObject();
  out.push_back('\n');
}

void run(std::istream& in, const TitleCodec& codec, bool web) {
  std::string line, out;
  while (std::getline(in, line)) {
    std::string title = titleFromLine(line);
    if (web) title = TitleCodec::webCleanUp(title);
    out.clear();
    writeResult(out, codec, title);
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
  }
}

}  // namespace

int titleCommand(const std::vector<std::string>& argv) {
  Args args(argv, {"--wiki"}, {"--web"});
  const TitleCodec codec(Wiki::fromFile(args.required("--wiki")));
  if (args.operands().size() > 1) throw UsageError("at most one FILE");
  std::ios::sync_with_stdio(false);
  if (args.operands().empty()) {
    run(std::cin, codec, args.flag("--web"));
  } else {
    std::ifstream in(args.operands().front(), std::ios::binary);
    if (!in) throw std::runtime_error(args.operands().front() + ": cannot open");
    run(in, codec, args.flag("--web"));
  }
  std::cout.flush();
  return 0;
}

}  // namespace rcfeed::cli
