#include "store/sqlite/sqlite_synonym_store.hpp"

#include <map>

#include "search/synonym_merge.hpp"
#include "store/synonym_groups.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kList =
    "SELECT group_id, term FROM search_synonyms ORDER BY group_id, rowid";
constexpr std::string_view kNextGroup =
    "SELECT coalesce(max(group_id), 0) + 1 FROM search_synonyms";
constexpr std::string_view kMoveGroup =
    "UPDATE search_synonyms SET group_id = ? WHERE group_id = ?";
constexpr std::string_view kInsert = "INSERT INTO search_synonyms (term, group_id) VALUES (?, ?)";

}  // namespace

std::vector<std::vector<std::string>> SqliteSynonymStore::list_synonyms() {
    auto c = db_.borrow();
    Statement st(*c, kList, "list_synonyms");
    std::map<std::int64_t, std::vector<std::string>> groups;
    while (st.step()) groups[st.int64(0)].push_back(st.text(1));
    return synonym_groups(std::move(groups));
}

std::vector<std::string> SqliteSynonymStore::add_synonyms(const std::vector<std::string>& terms) {
    auto c = db_.borrow();
    Transaction tx(*c);
    std::vector<search::SynonymRow> rows;
    {
        Statement st(*c, kList, "list_synonyms");
        while (st.step()) rows.push_back({st.int64(0), st.text(1)});
    }
    const auto plan = search::plan_synonym_merge(rows, terms, analyzer_.folder);
    std::int64_t group = 0;
    if (plan.group) {
        group = *plan.group;
    } else {
        Statement next(*c, kNextGroup, "next_synonym_group");
        next.step();
        group = next.int64(0);
    }
    Statement move(*c, kMoveGroup, "merge_synonym_group");
    for (const auto other : plan.absorbed) {
        move.reset();
        move.bind(1, group).bind(2, other).run();
    }
    Statement insert(*c, kInsert, "insert_synonym");
    for (const auto& t : plan.new_terms) {
        insert.reset();
        insert.bind(1, t).bind(2, group).run();
    }
    std::vector<std::string> merged;
    {
        Statement st(*c, kList, "list_synonyms");
        while (st.step()) {
            if (st.int64(0) == group) merged.push_back(st.text(1));
        }
    }
    // The commit step sees the new terms_version and rebuilds the index under the new list.
    tx.commit();
    return merged;
}

}  // namespace gp::store::sqlite
