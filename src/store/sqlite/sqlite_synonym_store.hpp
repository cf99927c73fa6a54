#pragma once

#include "search/analyzer.hpp"
#include "store/search_index.hpp"
#include "store/sqlite/database.hpp"

namespace gp::store::sqlite {

class SqliteSynonymStore final : public SynonymStore {
public:
    SqliteSynonymStore(Database& db, search::Analyzer& analyzer) : db_(db), analyzer_(analyzer) {}
    std::vector<std::vector<std::string>> list_synonyms() override;
    std::vector<std::string> add_synonyms(const std::vector<std::string>& terms) override;

private:
    Database& db_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::sqlite
