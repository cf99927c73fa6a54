#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "content/account.hpp"
#include "content/editorial.hpp"

namespace gp::store {

/// The back end's filters of the article list; empty fields match everything.
struct EditorialQuery {
    std::vector<std::int64_t> category_ids;        ///< empty: every category
    std::optional<content::EditorialState> state;  ///< nullopt: everything but the trash
    std::string author;                            ///< the account that created the article
    std::string keyword;                           ///< a part of the title or one keyword
    std::optional<content::Time> from;             ///< updated at or after
    std::optional<content::Time> to;               ///< updated before
    std::int64_t limit = 50;
    std::int64_t offset = 0;
};

/// Everything one editorial step writes, applied in one transaction with its audit records:
/// when a record cannot be written, nothing of the step is.
struct EditorialWrite {
    std::optional<content::ArticleFields> fields;  ///< a save: new fields and a revision
    std::optional<content::EditorialState> state;  ///< a workflow step
    std::optional<content::Time> published_at;     ///< set by publishing, no revision
    /// Adds the stepping account to `approved_by`. Any write of `fields` or change of `state`
    /// first empties `approved_by`: an approval belongs to one round of review of one text.
    bool approve = false;
    std::string reason;  ///< the revision's reason
    bool drop_autosave = false;
    std::vector<content::AuditRecord> audit;
};

enum class EditorialResult { applied, unchanged, not_found };

/// Writing articles from the back end. Reader queries stay in ArticleStore; these writes go
/// through the same table, so the change log and the search index follow them in the same
/// transaction. Every method throws on store failure.
class EditorialStore {
public:
    virtual ~EditorialStore() = default;

    /// A new draft (version 1) with its first revision and `audit`, in one transaction.
    /// Returns its id.
    virtual std::int64_t create_article(const content::ArticleFields& fields,
                                        const std::string& author, content::Time at,
                                        const std::string& reason,
                                        std::vector<content::AuditRecord> audit) = 0;
    /// With `approved_by` and `writers`.
    virtual std::optional<content::EditorialArticle> find_editorial(std::int64_t id) = 0;
    /// Reads the article (with `approved_by` and `writers`) inside a write transaction and
    /// applies what `decide` returns (the version rises by one), so two editors cannot
    /// overwrite each other and two reviewers cannot both count against a stale state.
    /// `decide` returning nullopt writes nothing.
    virtual EditorialResult update_article(
        std::int64_t id, const std::string& author, content::Time at,
        const std::function<std::optional<EditorialWrite>(const content::EditorialArticle&)>&
            decide) = 0;
    /// Most recently changed first; `approved_by` is filled, `writers` is not.
    virtual std::vector<content::EditorialArticle> list_editorial(const EditorialQuery& q) = 0;
    virtual std::int64_t count_editorial(const EditorialQuery& q) = 0;
    /// Account names that created an article, for the list's filter.
    virtual std::vector<std::string> list_authors() = 0;

    /// Newest first, without bodies' text being needed elsewhere.
    virtual std::vector<content::Revision> list_revisions(std::int64_t article_id) = 0;
    virtual std::optional<content::Revision> find_revision(std::int64_t article_id,
                                                           std::int64_t revision_id) = 0;

    /// Replaces the article's autosaved copy and appends `audit`, in one transaction; false
    /// (nothing written) when the article does not exist.
    virtual bool put_autosave(const content::Autosave& autosave,
                              const content::AuditRecord& audit) = 0;
    virtual std::optional<content::Autosave> find_autosave(std::int64_t article_id) = 0;
};

}  // namespace gp::store
