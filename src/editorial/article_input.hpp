#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "content/editorial.hpp"
#include "content/error.hpp"
#include "content/time_zone.hpp"

namespace gp::editorial {

/// The article form as the editor typed it; every field is kept so a refused form is shown
/// again unchanged.
struct ArticleInput {
    std::string title;
    std::string category;  ///< a category id
    std::string keywords;  ///< separated by commas, 、 or new lines
    std::string source;
    std::string source_url;
    std::string summary;
    std::string body;
    std::string body_format;   ///< "html" (default) or "markdown"
    std::string published_at;  ///< "2026-03-11T09:00" in the site's time zone, or empty
    std::string seo_title;
    std::string seo_description;
    std::string reason;
    std::string version;

    /// The names of the form's fields, in the order above.
    static const std::vector<std::string>& field_names();
    std::string* field(std::string_view name);
};

/// Limits of the form's own fields, in characters; the article's are content::kArticleLimits,
/// the same as an import's.
constexpr std::size_t kMaxSeoTitle = 200;
constexpr std::size_t kMaxSeoDescription = 500;
constexpr std::size_t kMaxReason = 200;

/// Splits the keyword field, trims and drops repeats, in order.
std::vector<std::string> split_keywords(std::string_view text);

/// "2026-03-11T09:00" (or with a space, or with seconds) in `zone` to UTC; nullopt when bad.
std::optional<content::Time> parse_local_time(std::string_view text,
                                              const content::SiteTimeZone& zone);
/// The form's spelling of a time: "2026-03-11T09:00" in `zone`.
std::string format_local_time(content::Time t, const content::SiteTimeZone& zone);

/// Checks every field and renders the body (Markdown, sanitiser, size and depth caps). An
/// empty publish time stays unset (content::kPublishOnApproval). `category_exists` answers for
/// a category id. Errors carry a catalog key and, in `detail`, the field's name.
content::Result<content::ArticleFields> read_article(
    const ArticleInput& in, const content::SiteTimeZone& zone,
    const std::function<bool(std::int64_t)>& category_exists);

/// The form's fields of stored ones (the inverse of read_article, for the edit page).
ArticleInput input_of(const content::ArticleFields& f, const content::SiteTimeZone& zone);

}  // namespace gp::editorial
