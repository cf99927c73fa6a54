#include "editorial/article_input.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

#include "content/article_body.hpp"
#include "content/article_limits.hpp"
#include "content/html_text.hpp"

namespace gp::editorial {
namespace {

using content::Errc;
using content::make_error;

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

content::Error field_error(std::string key, std::string field) {
    return make_error(Errc::bad_request, std::move(key), std::move(field));
}

template <class T>
bool parse_number(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

const std::vector<std::string>& ArticleInput::field_names() {
    static const std::vector<std::string> names{
        "title",           "category", "keywords",    "source",       "source_url",
        "summary",         "body",     "body_format", "published_at", "seo_title",
        "seo_description", "reason",   "version"};
    return names;
}

std::string* ArticleInput::field(std::string_view name) {
    const std::array<std::string*, 13> fields{
        &title,       &category,     &keywords,  &source,          &source_url, &summary, &body,
        &body_format, &published_at, &seo_title, &seo_description, &reason,     &version};
    const auto& names = field_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return fields[i];
    }
    return nullptr;
}

std::vector<std::string> split_keywords(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        auto k = trimmed(current);
        current.clear();
        if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) {
            out.push_back(std::move(k));
        }
    };
    for (std::size_t i = 0; i < text.size();) {
        bool separator = false;
        std::size_t len = 1;
        for (std::string_view sep : {",", ";", "\n", "，", "、", "；"}) {
            if (text.substr(i, sep.size()) == sep) {
                separator = true;
                len = sep.size();
                break;
            }
        }
        if (separator) {
            flush();
        } else {
            current.append(text.substr(i, len));
        }
        i += len;
    }
    flush();
    return out;
}

std::optional<content::Time> parse_local_time(std::string_view text,
                                              const content::SiteTimeZone& zone) {
    // YYYY-MM-DDTHH:MM[:SS]
    if (text.size() != 16 && text.size() != 19) return std::nullopt;
    if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
        text[13] != ':' || (text.size() == 19 && text[16] != ':')) {
        return std::nullopt;
    }
    int y = 0;
    unsigned mo = 0, d = 0;
    int h = 0, mi = 0, s = 0;
    if (!parse_number(text.substr(0, 4), y) || !parse_number(text.substr(5, 2), mo) ||
        !parse_number(text.substr(8, 2), d) || !parse_number(text.substr(11, 2), h) ||
        !parse_number(text.substr(14, 2), mi) ||
        (text.size() == 19 && !parse_number(text.substr(17, 2), s))) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{mo},
                                          std::chrono::day{d}};
    if (!ymd.ok() || y < 1971 || y > 9999 || h > 23 || mi > 59 || s > 59) return std::nullopt;
    const content::Time as_utc = std::chrono::sys_days{ymd} + std::chrono::hours{h} +
                                 std::chrono::minutes{mi} + std::chrono::seconds{s};
    return as_utc - zone.offset_at(as_utc);
}

std::string format_local_time(content::Time t, const content::SiteTimeZone& zone) {
    // rfc3339 gives "2026-03-11T09:00:00+08:00"; the form wants the first 16 characters.
    return zone.rfc3339(t).substr(0, 16);
}

content::Result<content::ArticleFields> read_article(
    const ArticleInput& in, const content::SiteTimeZone& zone,
    const std::function<bool(std::int64_t)>& category_exists) {
    const auto& limits = content::kArticleLimits;
    content::ArticleFields f;
    f.title = trimmed(in.title);
    if (f.title.empty()) return field_error("err_title_empty", "title");
    if (content::utf8_length(f.title) > limits.title_chars)
        return field_error("err_title_long", "title");

    std::int64_t category = 0;
    if (!parse_number(trimmed(in.category), category) || category <= 0 ||
        !category_exists(category)) {
        return field_error("err_category", "category");
    }
    f.category_id = category;

    f.keywords = split_keywords(in.keywords);
    if (f.keywords.size() > limits.keywords) return field_error("err_keywords_many", "keywords");
    for (const auto& k : f.keywords) {
        if (content::utf8_length(k) > limits.keyword_chars) {
            return field_error("err_keyword_long", "keywords");
        }
    }

    f.source = trimmed(in.source);
    if (content::utf8_length(f.source) > limits.source_chars)
        return field_error("err_source", "source");
    if (auto url = trimmed(in.source_url); !url.empty()) {
        const bool web = url.starts_with("https://") || url.starts_with("http://");
        if (!web || url.size() > limits.source_url_bytes ||
            url.find_first_of(" \t\r\n\"<>") != std::string::npos) {
            return field_error("err_source_url", "source_url");
        }
        f.source_url = std::move(url);
    }

    f.seo_title = trimmed(in.seo_title);
    if (content::utf8_length(f.seo_title) > kMaxSeoTitle) {
        return field_error("err_seo_title", "seo_title");
    }
    f.seo_description = trimmed(in.seo_description);
    if (content::utf8_length(f.seo_description) > kMaxSeoDescription) {
        return field_error("err_seo_description", "seo_description");
    }
    if (content::utf8_length(in.reason) > kMaxReason) return field_error("err_reason", "reason");

    if (auto when = trimmed(in.published_at); when.empty()) {
        f.published_at = content::kPublishOnApproval;
    } else if (auto t = parse_local_time(when, zone)) {
        f.published_at = *t;
    } else {
        return field_error("err_published_at", "published_at");
    }

    if (in.body_format == "markdown") {
        f.body_format = content::BodyFormat::markdown;
        f.body_source = in.body;
    } else if (in.body_format.empty() || in.body_format == "html") {
        f.body_format = content::BodyFormat::html;
    } else {
        return field_error("err_body_format", "body_format");
    }
    auto body = content::render_body(in.body, f.body_format);
    if (!body) {
        auto e = body.error();
        e.detail = "body: " + e.detail;
        return e;
    }
    f.body_html = std::move(*body);

    auto summary = trimmed(in.summary);
    if (content::utf8_length(summary) > limits.summary_chars)
        return field_error("err_summary", "summary");
    // Summaries are plain text; a blank one is derived from the body, as on import.
    f.summary = summary.empty() ? content::summarize(content::html_to_text(f.body_html), 120)
                                : content::html_to_text(summary);
    return f;
}

ArticleInput input_of(const content::ArticleFields& f, const content::SiteTimeZone& zone) {
    ArticleInput in;
    in.title = f.title;
    in.category = std::to_string(f.category_id);
    for (const auto& k : f.keywords) {
        if (!in.keywords.empty()) in.keywords += ", ";
        in.keywords += k;
    }
    in.source = f.source;
    in.source_url = f.source_url.value_or("");
    in.summary = f.summary;
    const bool markdown = f.body_format == content::BodyFormat::markdown;
    in.body = markdown ? f.body_source : f.body_html;
    in.body_format = markdown ? "markdown" : "html";
    if (f.published_at != content::kPublishOnApproval) {
        in.published_at = format_local_time(f.published_at, zone);
    }
    in.seo_title = f.seo_title;
    in.seo_description = f.seo_description;
    return in;
}

}  // namespace gp::editorial
