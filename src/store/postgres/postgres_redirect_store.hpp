#pragma once

#include "store/postgres/pool.hpp"
#include "store/redirect_store.hpp"

namespace gp::store::postgres {

class PostgresRedirectStore final : public RedirectStore {
public:
    explicit PostgresRedirectStore(Pool& pool);
    void put_redirect(const Redirect& redirect, content::Time now) override;
    std::optional<Redirect> find_redirect(const std::string& from_path) override;
    std::vector<Redirect> list_redirects() override;

private:
    Pool& pool_;
};

}  // namespace gp::store::postgres
