#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "content/article.hpp"
#include "content/article_limits.hpp"

namespace gp::content {

struct NewCategory {
    std::string slug;
    std::string name;
    std::string subtitle;
    std::optional<std::string> parent_slug;
};

struct NewArticle {
    std::optional<std::int64_t> id;
    std::string title;
    std::string category_slug;
    ArticleStatus status = ArticleStatus::published;
    Time published_at{};
    std::vector<std::string> keywords;
    std::string source;
    std::optional<std::string> source_url;
    std::optional<std::string> summary;
    std::string body_html;
    std::int64_t views = 0;
};

/// One import, as docs/design.md "Import and export format" defines it.
struct ImportDocument {
    std::vector<NewCategory> categories;
    std::vector<NewArticle> articles;
};

/// The first thing wrong with a document: a JSON path ("articles[3].published_at") and why.
struct ImportError {
    std::string path;
    std::string reason;
    std::string message() const { return path.empty() ? reason : path + ": " + reason; }
};

/// What the store already holds, so the document is checked against it before anything is
/// written.
struct ImportContext {
    std::function<bool(std::string_view slug)> slug_exists;
    std::function<bool(std::int64_t id)> article_id_taken;
    Time now{};
};

/// Parses and validates a whole document. Returns the first error in document order; on success
/// every article's category and id are known to be acceptable to the store.
std::variant<ImportDocument, ImportError> parse_import_document(std::string_view json_text,
                                                                const ImportContext& context);

/// True for a slug we accept: 1–64 of [a-z0-9-], not starting or ending with '-'.
bool is_valid_slug(std::string_view slug);

/// True for slugs the site's own URLs use (tag, search, static, admin, …).
bool is_reserved_slug(std::string_view slug);

}  // namespace gp::content
