#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.hpp"

namespace gp::content {

/// Where an article stands in the back end. Readers only ever see `published` (once its time
/// has come); the others are stored as drafts (docs/adr/0011).
enum class EditorialState { draft, review, published, trash };

std::string_view state_name(EditorialState state);
std::optional<EditorialState> parse_state(std::string_view name);

enum class BodyFormat { html, markdown };

/// A publish time nobody chose: the article goes out at the moment a reviewer publishes it.
/// Only drafts carry it; readers' queries never see a draft (docs/adr/0011).
constexpr Time kPublishOnApproval{};

/// What an editor edits: every field of the form, after validation and sanitising.
struct ArticleFields {
    std::string title;
    std::int64_t category_id = 0;
    std::vector<std::string> keywords;
    std::string source;
    std::optional<std::string> source_url;
    std::string summary;
    std::string body_html;  ///< sanitised
    BodyFormat body_format = BodyFormat::html;
    std::string body_source;  ///< the Markdown typed, when body_format is markdown
    std::string seo_title;
    std::string seo_description;
    Time published_at{};

    bool operator==(const ArticleFields&) const = default;
};

struct EditorialArticle {
    std::int64_t id = 0;
    ArticleFields fields;
    EditorialState state = EditorialState::draft;
    std::int64_t version = 1;
    std::string created_by;
    std::string updated_by;
    Time updated_at{};
    std::optional<Time> trashed_at;
    /// Who approved the text in the current round of review, in order, each once. Every save
    /// and every change of state empties it, so an approval never covers text written after
    /// it (docs/adr/0019).
    std::vector<std::string> approved_by;
    /// The account that created the article and every account that saved a revision of it:
    /// none of them may approve or publish it. Read with one article, left empty in lists.
    std::vector<std::string> writers;
};

/// One saved state of an article.
struct Revision {
    std::int64_t id = 0;
    std::int64_t article_id = 0;
    std::int64_t version = 0;
    Time at{};
    std::string account_name;
    std::string reason;
    ArticleFields fields;
};

/// The latest autosaved form of an article: raw fields as typed, never shown to readers.
struct Autosave {
    std::int64_t article_id = 0;
    std::int64_t base_version = 0;
    Time at{};
    std::string account_name;
    std::string fields_json;
};

}  // namespace gp::content
