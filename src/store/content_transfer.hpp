#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "content/account.hpp"
#include "content/import_document.hpp"

namespace gp::store {

/// The rows an import writes, inside its one write transaction. Every method throws on store
/// failure.
class ImportRows {
public:
    virtual ~ImportRows() = default;
    virtual bool slug_exists(std::string_view slug) = 0;
    virtual bool article_id_taken(std::int64_t id) = 0;
    /// Adds the category last in the site's order, under `parent_slug` when set (which exists).
    virtual void insert_category(const content::NewCategory& category) = 0;
    /// Writes the article as given (body and summary already prepared) with its keywords in
    /// order, created and updated at `now`. Without an id it gets the next after the largest,
    /// so ids brought by the same import cannot collide with it. Returns the id.
    virtual std::int64_t insert_article(const content::NewArticle& article, content::Time now) = 0;
};

/// Row access for whole-site import and export (docs/design.md "Import and export format"); the
/// document format, its checks and the order of the work are `editorial::SiteTransfer`'s.
class ContentTransfer {
public:
    virtual ~ContentTransfer() = default;

    /// Runs `work` in one write transaction that other content writers wait for (readers go
    /// on), so checks made through the rows still hold at COMMIT. `work` returns the audit
    /// record to commit with, appended in the same transaction, or nullopt to roll everything
    /// back. Throws on store failure (an audit record that cannot be written included), and
    /// nothing is written then.
    virtual void write_import(
        const std::function<std::optional<content::AuditRecord>(ImportRows&)>& work) = 0;

    /// Every category (in the site's order) and every article (by id, keywords in order) from
    /// one consistent snapshot. `summary` is always set; `parent_slug` names the parent.
    virtual content::ImportDocument read_content() = 0;
};

}  // namespace gp::store
