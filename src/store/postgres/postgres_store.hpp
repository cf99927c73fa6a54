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

namespace gp::store::postgres {

struct PostgresSettings {
    std::string url;  ///< a libpq connection string or URI
    std::size_t pool_size = 8;
    std::string audit_key;  ///< as StoreSettings::audit_key
};

/// The store interfaces built so far over one PostgreSQL database. Deliberately not a
/// store::Store: search is still to come, and open_store offers this
/// backend only once every interface exists (docs/adr/0014).
class PostgresStore {
public:
    /// Connects and migrates; throws PostgresError with the server's reason when it cannot.
    explicit PostgresStore(const PostgresSettings& settings);

    ArticleStore& articles() { return articles_; }
    CategoryStore& categories() { return categories_; }
    ContentTransfer& transfer() { return transfer_; }
    EditorialStore& editorial() { return editorial_; }
    LeadStore& leads() { return leads_; }
    RedirectStore& redirects() { return redirects_; }
    AccountStore& accounts() { return accounts_; }
    AuditStore& audit() { return audit_; }
    SearchIndex& search() { return search_; }
    SynonymStore& synonyms() { return synonyms_; }
    SearchStats& search_stats() { return search_stats_; }
    MediaStore& media() { return media_; }
    ChangeLog& changes() { return changes_; }
    /// A cheap query proving the database answers; false instead of throwing.
    bool ping() noexcept;

private:
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
