#include "store/sqlite/sqlite_category_store.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kListCategories =
    "SELECT id, slug, name, subtitle, parent_id, sort_order FROM categories "
    "ORDER BY sort_order, id";

}  // namespace

std::vector<content::Category> SqliteCategoryStore::list_categories() {
    auto c = db_.borrow();
    Statement st(*c, kListCategories, "list_categories");
    std::vector<content::Category> out;
    while (st.step()) {
        content::Category cat;
        cat.id = st.int64(0);
        cat.slug = st.text(1);
        cat.name = st.text(2);
        cat.subtitle = st.text(3);
        if (!st.is_null(4)) cat.parent_id = st.int64(4);
        cat.sort_order = static_cast<int>(st.int64(5));
        out.push_back(std::move(cat));
    }
    return out;
}

}  // namespace gp::store::sqlite
