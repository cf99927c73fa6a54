#pragma once

#include "search/analyzer.hpp"
#include "store/postgres/pool.hpp"
#include "store/search_index.hpp"

namespace gp::store::postgres {

class PostgresSynonymStore final : public SynonymStore {
public:
    PostgresSynonymStore(Pool& pool, search::Analyzer& analyzer);
    std::vector<std::vector<std::string>> list_synonyms() override;
    std::vector<std::string> add_synonyms(const std::vector<std::string>& terms) override;

private:
    Pool& pool_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::postgres
