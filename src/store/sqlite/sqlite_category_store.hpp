#pragma once

#include "store/category_store.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteCategoryStore final : public CategoryStore {
public:
    explicit SqliteCategoryStore(Database& db) : db_(db) {}
    std::vector<content::Category> list_categories() override;

private:
    Database& db_;
};

}  // namespace gp::store::sqlite
