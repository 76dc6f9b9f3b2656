#pragma once
// EventBusRCFeedFormatter: a RecentChange as the `mediawiki.recentchange`
// event EventBus would POST for it (spec 2.1-2.4), serialised as EventBus
// serialises it (spec 3.6).
//
// Pure: no I/O apart from what the CommentFormatter looks up. A formatter is
// immutable after construction and may be shared by threads.

#include <string>
#include <string_view>

#include "formatter/CommentFormatter.h"
#include "formatter/TitleCodec.h"
#include "rcfeed/RecentChange.h"
#include "rcfeed/Wiki.h"

namespace rcfeed {

struct FormatterOptions {
  OutputProfile profile = OutputProfile::MW139;
  // $wgUseRCPatrol / $wgUseNPPatrol: only the master profile's notify_url uses them.
  bool useRCPatrol = true;
  bool useNPPatrol = true;
  // Page existence for parsedcomment's links; null takes every page as existing.
  PageStorePtr pages;
};

// Picks the profile a wiki's MediaWiki version produces: 1.39 .. 1.40 give
// the 1.39 shape; 1.41 and later add title_url and notify_url.
OutputProfile profileForVersion(const MediaWikiVersion& v);

class EventBusRCFeedFormatter {
 public:
  static constexpr std::string_view kStream = "mediawiki.recentchange";
  static constexpr std::string_view kSchema = "/mediawiki/recentchange/1.0.0";

  EventBusRCFeedFormatter(WikiPtr wiki, FormatterOptions options);

  // Appends the event (one JSON object, not wrapped in an array) to `out`.
  // `requestId` becomes meta.request_id. Returns false, leaving `out` as it
  // was, when the event cannot be encoded (invalid UTF-8 in a field), which
  // is where json_encode fails in PHP.
  bool format(const RecentChange& rc, std::string_view requestId, std::string& out) const;

  const Wiki& wiki() const { return *wiki_; }
  const FormatterOptions& options() const { return options_; }

 private:
  WikiPtr wiki_;
  FormatterOptions options_;
  CommentFormatter comments_;
  TitleCodec titles_;
  // The canonical URL of a main-namespace title is urlBeforeKey_ + the
  // wfUrlencoded DB key + urlAfterKey_ (worked out from TitleCodec at
  // construction); false when this wiki's article path has no such shape.
  bool urlAroundKey_ = false;
  std::string urlBeforeKey_, urlAfterKey_;

  // Title::getCanonicalURL of the change's page (meta.uri, title_url).
  std::string titleUrl(const RecentChange& rc) const;
};

}  // namespace rcfeed
