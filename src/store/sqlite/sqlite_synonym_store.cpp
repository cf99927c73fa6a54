#include "store/sqlite/sqlite_synonym_store.hpp"

#include <algorithm>
#include <map>
#include <set>

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
    std::vector<std::vector<std::string>> out;
    for (auto& [id, terms] : groups) out.push_back(std::move(terms));
    return out;
}

std::vector<std::string> SqliteSynonymStore::add_synonyms(const std::vector<std::string>& terms) {
    auto c = db_.borrow();
    Transaction tx(*c);
    struct Row {
        std::int64_t group;
        std::string term;
    };
    std::vector<Row> rows;
    {
        Statement st(*c, kList, "list_synonyms");
        while (st.step()) rows.push_back({st.int64(0), st.text(1)});
    }
    // Groups that share a term with the new one, compared folded (等級保護 is 等级保护).
    std::set<std::string> folded_new;
    for (const auto& t : terms) folded_new.insert(analyzer_.folder.fold_string(t));
    std::set<std::int64_t> touched;
    std::set<std::string> folded_existing;
    for (const auto& r : rows) {
        const auto folded = analyzer_.folder.fold_string(r.term);
        folded_existing.insert(folded);
        if (folded_new.contains(folded)) touched.insert(r.group);
    }
    std::int64_t group = 0;
    if (touched.empty()) {
        Statement next(*c, kNextGroup, "next_synonym_group");
        next.step();
        group = next.int64(0);
    } else {
        group = *touched.begin();
        Statement move(*c, kMoveGroup, "merge_synonym_group");
        for (const auto other : touched) {
            if (other == group) continue;
            move.reset();
            move.bind(1, group).bind(2, other).run();
        }
    }
    Statement insert(*c, kInsert, "insert_synonym");
    for (const auto& t : terms) {
        const auto folded = analyzer_.folder.fold_string(t);
        if (folded_existing.contains(folded)) continue;
        folded_existing.insert(folded);
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
