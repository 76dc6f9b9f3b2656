#pragma once
// PageStore: whether the pages a comment links to exist, for the red links
// and redirect classes of parsedcomment (spec 2.5, step 3).
//
// Keys are (namespace, DB key) as MediaWiki stores them in `page`
// (page_namespace, page_title). Two namespaces ask about uploaded files
// instead, as Title::isKnown() does: NS_MEDIA (-2) is known when the file
// exists; NS_FILE (6) is known when the description page or the file exists.
// `redirect` is only ever true for an existing page that is a redirect.
//
// Implementations must be safe to call from several threads at once: one
// formatter, and so one store, may serve several sources.

#include <memory>
#include <string>
#include <vector>

namespace rcfeed {

struct PageKey {
  int ns = 0;
  std::string dbkey;
};

struct PageState {
  bool known = false;
  bool redirect = false;
};

class PageStore {
 public:
  virtual ~PageStore() = default;

  // Answers for all `keys` at once (one comment's links are one batch):
  // `states` is resized to keys.size() and states[i] answers keys[i].
  // Never throws; a store that cannot reach its data answers with its
  // documented fallback.
  virtual void lookup(const std::vector<PageKey>& keys, std::vector<PageState>& states) const = 0;
};

// The answer when rcfeed has no access to the wiki's database: every page is
// taken as existing (no red links), or every page as missing. Neither ever
// reports a redirect.
//
// "Every page exists" is the default: edit summaries mostly link to pages
// that exist (on the mw139-en fixture feed it renders 288 of 320 comments
// exactly, "every page is missing" 259), and a wrong blue link still leads to
// the page, while a wrong red link sends a reader to an edit form.
class AssumedPageStore final : public PageStore {
 public:
  explicit AssumedPageStore(bool pagesExist) : exist_(pagesExist) {}
  void lookup(const std::vector<PageKey>& keys, std::vector<PageState>& states) const override;

 private:
  bool exist_;
};

using PageStorePtr = std::shared_ptr<const PageStore>;

}  // namespace rcfeed
