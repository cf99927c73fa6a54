#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/audit_log.hpp"
#include "accounts/principal.hpp"
#include "accounts/roles.hpp"
#include "content/content_change.hpp"
#include "content/editorial.hpp"
#include "content/error.hpp"
#include "content/time_zone.hpp"
#include "editorial/article_input.hpp"
#include "search/segmenter.hpp"
#include "store/store.hpp"

namespace gp::editorial {

/// A workflow step of the back end, each with its own permission.
enum class Step { submit, approve, publish, unpublish, send_back, trash, restore };

std::string_view step_name(Step step);

/// What an autosave answers.
struct AutosaveResult {
    std::int64_t id = 0;
    std::int64_t version = 0;
    content::Time at{};
    bool created = false;
};

/// The editorial workflow over the store. Each method writes the change and its audit record
/// in one transaction (an audit failure is `unavailable` and nothing is written; any other
/// store failure is thrown), then tells `changed` which cached pages to drop. Errors carry the
/// back end's catalog keys.
class EditorialService {
public:
    struct Deps {
        store::Store& store;
        accounts::AuditLog& audit;
        const content::SiteTimeZone& zone;
        std::function<content::Time()> clock;
        std::function<void(const std::vector<content::ContentChange>&)> changed;
        /// Approvals publishing needs (`editorial.reviews_required`, at least 1).
        int reviews_required = 1;
    };
    explicit EditorialService(Deps deps);

    content::Result<std::int64_t> create(const accounts::Principal& who,
                                         const accounts::Client& client, const ArticleInput& input);
    /// Saves a new revision. Refused with `conflict` when `input.version` is not the stored
    /// version (someone saved in between), `forbidden` when a published article is edited
    /// without the publish permission.
    content::Result<void> save(const accounts::Principal& who, const accounts::Client& client,
                               std::int64_t id, const ArticleInput& input);
    /// `version` empty skips the check (a step from the list page), except for `approve`,
    /// which must name the version the reviewer read. Publishing needs the article in review
    /// with `reviews_required` approvals by distinct accounts that did not write it
    /// (docs/adr/0019): a draft is `conflict` ("err_not_reviewed"), too few approvals
    /// `conflict` ("err_needs_review"), a writer approving or publishing `forbidden`
    /// ("err_own_article"), a second approval by the same account `conflict`
    /// ("err_already_approved").
    content::Result<void> step(const accounts::Principal& who, const accounts::Client& client,
                               std::int64_t id, Step step, std::string_view version);
    /// Restores an old revision as a new one.
    content::Result<void> restore_revision(const accounts::Principal& who,
                                           const accounts::Client& client, std::int64_t id,
                                           std::int64_t revision_id, std::string_view reason);
    /// Keeps the form's fields (a JSON object of strings) as the article's autosaved copy; with
    /// no id the first autosave creates the draft.
    content::Result<AutosaveResult> autosave(const accounts::Principal& who,
                                             const accounts::Client& client,
                                             std::optional<std::int64_t> id, std::string_view json);

    /// The vocabulary's terms the text uses, for the "建议关键词" list.
    std::vector<std::string> suggest_keywords(std::string_view text, std::size_t limit) const;

    bool category_exists(std::int64_t id) const;
    content::Time now() const { return d_.clock(); }
    int reviews_required() const { return d_.reviews_required; }
    /// Whether `account` created the article or saved a revision of it.
    static bool wrote(const content::EditorialArticle& a, std::string_view account);
    /// Approvals that count towards publishing: by accounts that did not write the article.
    static std::size_t approvals(const content::EditorialArticle& a);

private:
    content::AuditRecord record(const accounts::Principal& who, const accounts::Client& client,
                                std::string event, std::int64_t id, std::string detail) const;
    void announce(std::int64_t id, const std::vector<std::int64_t>& categories,
                  const std::vector<std::string>& keywords) const;
    /// What a save or a restored revision writes over an article's fields.
    struct FieldsWrite {
        content::ArticleFields fields;
        std::optional<std::int64_t> version;  ///< the version the editor saw; none: any
        std::string reason;
        std::string event;   ///< the audit record's event
        std::string detail;  ///< its detail; "version N" when empty
    };
    /// Writes `w` with a new revision, refusing a trashed article, a stale version and, without
    /// the publish permission, a published article; announces the change to the site.
    content::Result<void> write_fields(const accounts::Principal& who,
                                       const accounts::Client& client, std::int64_t id,
                                       FieldsWrite w);

    Deps d_;
    search::CharFolder folder_;
    search::Segmenter segmenter_{folder_};
};

}  // namespace gp::editorial
