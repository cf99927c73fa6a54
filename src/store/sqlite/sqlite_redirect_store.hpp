#pragma once

#include "store/redirect_store.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteRedirectStore final : public RedirectStore {
public:
    explicit SqliteRedirectStore(Database& db) : db_(db) {}
    void put_redirect(const Redirect& redirect, content::Time now) override;
    std::optional<Redirect> find_redirect(const std::string& from_path) override;
    std::vector<Redirect> list_redirects() override;

private:
    Database& db_;
};

}  // namespace gp::store::sqlite
