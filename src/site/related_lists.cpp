#include "site/related_lists.hpp"

namespace gp::site {

std::vector<RelatedList> RelatedLists::refresh(std::span<const std::int64_t> ids,
                                               content::Time now) {
    std::vector<RelatedList> out;
    for (const auto id : ids) {
        const auto source = index_.related_source(id);
        if (!source) continue;  // deleted meanwhile: its rows went with it
        RelatedList list{id, {}, false};
        if (source->published) {
            list.related = index_.rank_related_any_time(source->article, kKeptRelated);
        }
        list.changed = index_.replace_related(id, list.related, now);
        out.push_back(std::move(list));
    }
    return out;
}

}  // namespace gp::site
