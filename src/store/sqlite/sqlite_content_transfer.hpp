#pragma once

#include "store/content_transfer.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteContentTransfer final : public ContentTransfer {
public:
    explicit SqliteContentTransfer(Database& db) : db_(db) {}
    std::variant<std::size_t, content::ImportError> import_json(std::string_view json_text,
                                                                content::Time now) override;
    std::string export_json() override;

private:
    Database& db_;
};

}  // namespace gp::store::sqlite
