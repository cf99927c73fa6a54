#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gp::content {

using Time = std::chrono::sys_seconds;

/// What an editor chose. "Scheduled" is not stored: it is a published article whose
/// time has not come yet, so it turns visible by itself without any job or request.
enum class ArticleStatus { draft, published };

/// What a reader sees at a given moment.
enum class Visibility { draft, scheduled, published };

struct Category {
    std::int64_t id = 0;
    std::string slug;
    std::string name;
    std::string subtitle;
    std::optional<std::int64_t> parent_id;
    int sort_order = 0;
    std::string seo_title;        ///< the page title for search engines; empty: the name
    std::string seo_description;  ///< meta description; empty: the subtitle
};

struct Article {
    std::int64_t id = 0;
    std::string title;
    std::int64_t category_id = 0;
    ArticleStatus status = ArticleStatus::published;
    Time published_at{};
    std::vector<std::string> keywords;
    std::string source;
    std::optional<std::string> source_url;
    std::string summary;
    std::string body_html;
    std::int64_t views = 0;
    Time updated_at{};
};

/// The fields a list page needs; no body.
struct ArticleSummary {
    std::int64_t id = 0;
    std::string title;
    std::int64_t category_id = 0;
    Time published_at{};
    std::vector<std::string> keywords;
    std::string summary;
    std::int64_t views = 0;
};

inline Visibility visibility(ArticleStatus status, Time published_at, Time now) {
    if (status == ArticleStatus::draft) return Visibility::draft;
    return published_at > now ? Visibility::scheduled : Visibility::published;
}

}  // namespace gp::content
