#pragma once

#include <filesystem>
#include <memory>

#include "store/account_store.hpp"
#include "store/article_store.hpp"
#include "store/audit_store.hpp"
#include "store/category_store.hpp"
#include "store/change_log.hpp"
#include "store/content_transfer.hpp"
#include "store/editorial_store.hpp"
#include "store/lead_store.hpp"
#include "store/media_store.hpp"
#include "store/redirect_store.hpp"
#include "store/search_index.hpp"

namespace gp::store {

struct StoreSettings {
    std::filesystem::path data_dir;
    /// The audit chain's HMAC key (32 bytes, derived from the master key); without it the audit
    /// trail can be read and verified by nobody and written by nothing.
    std::string audit_key = {};
    /// Where the chain's end is anchored outside the store (store/audit_anchor.hpp); empty: no
    /// anchor, and a cut tail is not seen.
    std::filesystem::path audit_anchor = {};
};

/// The store's interfaces, built together over one backend.
class Store {
public:
    virtual ~Store() = default;
    virtual ArticleStore& articles() = 0;
    virtual CategoryStore& categories() = 0;
    virtual ContentTransfer& transfer() = 0;
    /// Writing articles from the back end (workflow, revisions, autosaves).
    virtual EditorialStore& editorial() = 0;
    virtual LeadStore& leads() = 0;
    virtual RedirectStore& redirects() = 0;
    virtual AccountStore& accounts() = 0;
    virtual AuditStore& audit() = 0;
    virtual SearchIndex& search() = 0;
    virtual SynonymStore& synonyms() = 0;
    virtual SearchStats& search_stats() = 0;
    virtual MediaStore& media() = 0;
    /// What changed in the content, for the page cache.
    virtual ChangeLog& changes() = 0;
    /// A cheap query proving the store answers; false instead of throwing.
    virtual bool ping() noexcept = 0;
};

}  // namespace gp::store
