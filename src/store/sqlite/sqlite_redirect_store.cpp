#include "store/sqlite/sqlite_redirect_store.hpp"

namespace gp::store::sqlite {
namespace {

constexpr std::string_view kPutRedirect =
    "INSERT INTO redirects (from_path, to_path, code, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path, code = excluded.code";
constexpr std::string_view kFindRedirect =
    "SELECT from_path, to_path, code FROM redirects WHERE from_path = ?";
constexpr std::string_view kListRedirects =
    "SELECT from_path, to_path, code FROM redirects ORDER BY from_path";

}  // namespace

void SqliteRedirectStore::put_redirect(const Redirect& r, content::Time now) {
    auto c = db_.borrow();
    Statement st(*c, kPutRedirect, "put_redirect");
    st.bind(1, r.from_path)
        .bind(2, r.to_path)
        .bind(3, std::int64_t{r.code})
        .bind(4, std::int64_t{now.time_since_epoch().count()})
        .run();
}

std::optional<Redirect> SqliteRedirectStore::find_redirect(const std::string& from_path) {
    auto c = db_.borrow();
    Statement st(*c, kFindRedirect, "find_redirect");
    st.bind(1, from_path);
    if (!st.step()) return std::nullopt;
    return Redirect{st.text(0), st.text(1), static_cast<int>(st.int64(2))};
}

std::vector<Redirect> SqliteRedirectStore::list_redirects() {
    auto c = db_.borrow();
    Statement st(*c, kListRedirects, "list_redirects");
    std::vector<Redirect> out;
    while (st.step())
        out.push_back(Redirect{st.text(0), st.text(1), static_cast<int>(st.int64(2))});
    return out;
}

}  // namespace gp::store::sqlite
