#include "formatter/PageStore.h"

namespace rcfeed {

void AssumedPageStore::lookup(const std::vector<PageKey>& keys, std::vector<PageState>& states) const {
  states.assign(keys.size(), PageState{exist_, false});
}

}  // namespace rcfeed
