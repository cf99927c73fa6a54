#pragma once

#include "search/analyzer.hpp"
#include "store/audit_chain.hpp"
#include "store/content_transfer.hpp"
#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

class PostgresContentTransfer final : public ContentTransfer {
public:
    PostgresContentTransfer(Pool& pool, AuditKey audit_key, search::Analyzer& analyzer);
    void write_import(
        const std::function<std::optional<content::AuditRecord>(ImportRows&)>& work) override;
    content::ImportDocument read_content() override;

private:
    Pool& pool_;
    AuditKey audit_key_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::postgres
