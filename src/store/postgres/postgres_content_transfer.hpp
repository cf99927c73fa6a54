#pragma once

#include "search/analyzer.hpp"
#include "store/content_transfer.hpp"
#include "store/postgres/pool.hpp"

namespace gp::store::postgres {

class PostgresContentTransfer final : public ContentTransfer {
public:
    PostgresContentTransfer(Pool& pool, search::Analyzer& analyzer);
    std::variant<std::size_t, content::ImportError> import_json(std::string_view json_text,
                                                                content::Time now) override;
    std::string export_json() override;

private:
    Pool& pool_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::postgres
