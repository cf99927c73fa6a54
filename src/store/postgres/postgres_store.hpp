#pragma once

#include <cstddef>
#include <string>

#include "search/analyzer.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/postgres_account_store.hpp"
#include "store/postgres/postgres_article_store.hpp"
#include "store/postgres/postgres_audit_store.hpp"
#include "store/postgres/postgres_category_store.hpp"
#include "store/postgres/postgres_change_log.hpp"
#include "store/postgres/postgres_content_transfer.hpp"
#include "store/postgres/postgres_editorial_store.hpp"
#include "store/postgres/postgres_lead_store.hpp"
#include "store/postgres/postgres_media_store.hpp"
#include "store/postgres/postgres_redirect_store.hpp"
#include "store/postgres/postgres_search_index.hpp"
#include "store/postgres/postgres_search_stats.hpp"
#include "store/postgres/postgres_synonym_store.hpp"
#include "store/store.hpp"

namespace gp::store::postgres {

struct PostgresSettings {
    std::string url;  ///< a libpq connection string or URI
    std::size_t pool_size = 8;
    std::string audit_key;                    ///< as StoreSettings::audit_key
    std::filesystem::path audit_anchor = {};  ///< as StoreSettings::audit_anchor
};

/// Every store interface over one PostgreSQL database (docs/adr/0014). Which backend a site
/// uses is chosen by its config, in app/store_choice.cpp.
class PostgresStore final : public Store {
public:
    /// Connects and migrates; throws PostgresError with the server's reason when it cannot.
    explicit PostgresStore(const PostgresSettings& settings);

    ArticleStore& articles() override { return articles_; }
    CategoryStore& categories() override { return categories_; }
    ContentTransfer& transfer() override { return transfer_; }
    EditorialStore& editorial() override { return editorial_; }
    LeadStore& leads() override { return leads_; }
    RedirectStore& redirects() override { return redirects_; }
    AccountStore& accounts() override { return accounts_; }
    AuditStore& audit() override { return audit_; }
    SearchIndex& search() override { return search_; }
    SynonymStore& synonyms() override { return synonyms_; }
    SearchStats& search_stats() override { return search_stats_; }
    MediaStore& media() override { return media_; }
    ChangeLog& changes() override { return changes_; }
    /// A cheap query proving the database answers; false instead of throwing.
    bool ping() noexcept override;

private:
    // Before the stores, which hold a reference to it.
    search::Analyzer analyzer_;
    Pool pool_;
    PostgresArticleStore articles_;
    PostgresCategoryStore categories_;
    PostgresContentTransfer transfer_;
    PostgresEditorialStore editorial_;
    PostgresLeadStore leads_;
    PostgresRedirectStore redirects_;
    PostgresAccountStore accounts_;
    PostgresAuditStore audit_;
    PostgresSearchIndex search_;
    PostgresSynonymStore synonyms_;
    PostgresSearchStats search_stats_;
    PostgresMediaStore media_;
    PostgresChangeLog changes_;
};

}  // namespace gp::store::postgres
