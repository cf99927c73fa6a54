#pragma once

#include "store/audit_chain.hpp"
#include "store/content_transfer.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteContentTransfer final : public ContentTransfer {
public:
    SqliteContentTransfer(Database& db, AuditKey audit_key)
        : db_(db), audit_key_(std::move(audit_key)) {}
    void write_import(
        const std::function<std::optional<content::AuditRecord>(ImportRows&)>& work) override;
    content::ImportDocument read_content() override;

private:
    Database& db_;
    AuditKey audit_key_;
};

}  // namespace gp::store::sqlite
