#include "store/sqlite/sqlite_store.hpp"

#include <filesystem>

#include "store/sqlite/migrate.hpp"
#include "store/sqlite/sqlite_account_store.hpp"
#include "store/sqlite/sqlite_article_store.hpp"
#include "store/sqlite/sqlite_audit_store.hpp"
#include "store/sqlite/sqlite_category_store.hpp"
#include "store/sqlite/sqlite_change_log.hpp"
#include "store/sqlite/sqlite_content_transfer.hpp"
#include "store/sqlite/sqlite_editorial_store.hpp"
#include "store/sqlite/sqlite_lead_store.hpp"
#include "store/sqlite/sqlite_media_store.hpp"
#include "store/sqlite/sqlite_redirect_store.hpp"
#include "store/sqlite/sqlite_search_index.hpp"
#include "store/sqlite/sqlite_search_setup.hpp"
#include "store/sqlite/sqlite_search_stats.hpp"
#include "store/sqlite/sqlite_synonym_store.hpp"
#include "store/store.hpp"

namespace gp::store {
namespace {

constexpr const char* kFileName = "guardpress.sqlite3";
// Worker threads plus the view-count flusher and a margin; SQLite connections are cheap.
constexpr std::size_t kPoolSize = 8;

class SqliteStore final : public Store {
public:
    SqliteStore(const std::filesystem::path& file, const AuditKey& audit_key)
        : db_(file, kPoolSize,
              [this](sqlite::Connection& c) { sqlite::setup_search(c, analyzer_); }),
          articles_(db_),
          categories_(db_, audit_key),
          transfer_(db_, audit_key),
          editorial_(db_, audit_key),
          leads_(db_),
          redirects_(db_),
          accounts_(db_, audit_key),
          audit_(db_, audit_key),
          search_(db_, analyzer_),
          synonyms_(db_, analyzer_),
          search_stats_(db_),
          media_(db_, audit_key),
          changes_(db_) {
        {
            auto c = db_.borrow();
            sqlite::migrate(*c);
        }
        audit_chain::anchor_first_use(audit_key, audit_);
    }
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
    bool ping() noexcept override {
        try {
            auto c = db_.borrow();
            sqlite::Statement st(*c, "SELECT count(*) FROM schema_migrations", "ping");
            return st.step();
        } catch (const std::exception&) {
            return false;
        }
    }

private:
    // Before db_: every connection's tokenizer points at it.
    search::Analyzer analyzer_;
    sqlite::Database db_;
    sqlite::SqliteArticleStore articles_;
    sqlite::SqliteCategoryStore categories_;
    sqlite::SqliteContentTransfer transfer_;
    sqlite::SqliteEditorialStore editorial_;
    sqlite::SqliteLeadStore leads_;
    sqlite::SqliteRedirectStore redirects_;
    sqlite::SqliteAccountStore accounts_;
    sqlite::SqliteAuditStore audit_;
    sqlite::SqliteSearchIndex search_;
    sqlite::SqliteSynonymStore synonyms_;
    sqlite::SqliteSearchStats search_stats_;
    sqlite::SqliteMediaStore media_;
    sqlite::SqliteChangeLog changes_;
};

}  // namespace

namespace sqlite {

std::unique_ptr<Store> open_store(const StoreSettings& settings) {
    std::error_code ec;
    if (!std::filesystem::is_directory(settings.data_dir, ec)) {
        throw std::runtime_error("data dir " + settings.data_dir.string() +
                                 " does not exist (run `guardpress init --data-dir " +
                                 settings.data_dir.string() + "` first)");
    }
    return std::make_unique<SqliteStore>(
        settings.data_dir / kFileName,
        audit_chain::make_audit_key(settings.audit_key, settings.audit_anchor));
}

bool store_exists(const StoreSettings& settings) {
    return std::filesystem::exists(settings.data_dir / kFileName);
}

}  // namespace sqlite

}  // namespace gp::store
