#pragma once

#include "search/analyzer.hpp"
#include "store/editorial_store.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/postgres_audit_store.hpp"

namespace gp::store::postgres {

class PostgresEditorialStore final : public EditorialStore {
public:
    PostgresEditorialStore(Pool& pool, AuditKey key, search::Analyzer& analyzer);
    std::int64_t create_article(const content::ArticleFields& fields, const std::string& author,
                                content::Time at, const std::string& reason,
                                std::vector<content::AuditRecord> audit) override;
    std::optional<content::EditorialArticle> find_editorial(std::int64_t id) override;
    EditorialResult update_article(
        std::int64_t id, const std::string& author, content::Time at,
        const std::function<std::optional<EditorialWrite>(const content::EditorialArticle&)>&
            decide) override;
    std::vector<content::EditorialArticle> list_editorial(const EditorialQuery& q) override;
    std::int64_t count_editorial(const EditorialQuery& q) override;
    std::vector<std::string> list_authors() override;
    std::vector<content::Revision> list_revisions(std::int64_t article_id) override;
    std::optional<content::Revision> find_revision(std::int64_t article_id,
                                                   std::int64_t revision_id) override;
    bool put_autosave(const content::Autosave& autosave,
                      const content::AuditRecord& audit) override;
    std::optional<content::Autosave> find_autosave(std::int64_t article_id) override;

private:
    Pool& pool_;
    AuditKey key_;
    search::Analyzer& analyzer_;
};

}  // namespace gp::store::postgres
