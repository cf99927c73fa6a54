#include "content/import_document.hpp"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "content/gumbo_fragment.hpp"
#include "content/html_depth.hpp"
#include "content/html_text.hpp"
#include "content/rfc3339.hpp"

namespace gp::content {
namespace {

using nlohmann::json;

// Thrown inside this file only, to stop at the first error; never crosses the API.
struct Stop {
    ImportError error;
};

[[noreturn]] void fail(std::string path, std::string reason) {
    throw Stop{ImportError{std::move(path), std::move(reason)}};
}

std::string type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        case json::value_t::number_float:
            return "a fractional number";
        default:
            return "a number";
    }
}

void check_keys(const json& obj, const std::string& path,
                std::initializer_list<std::string_view> known) {
    for (const auto& [key, _] : obj.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            fail(fmt::format("{}.{}", path, key), "unknown field");
        }
    }
}

const json* member(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::string require_string(const json& obj, const std::string& path, const char* key) {
    const json* v = member(obj, key);
    if (!v) fail(path + "." + key, "missing");
    if (!v->is_string()) fail(path + "." + key, "must be a string, not " + type_name(*v));
    return v->get<std::string>();
}

std::optional<std::string> optional_string(const json& obj, const std::string& path,
                                           const char* key) {
    const json* v = member(obj, key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) fail(path + "." + key, "must be a string or null, not " + type_name(*v));
    return v->get<std::string>();
}

bool has_control_chars(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::string plain_line(const json& obj, const std::string& path, const char* key,
                       std::size_t max_chars, bool required) {
    auto value =
        required ? require_string(obj, path, key) : optional_string(obj, path, key).value_or("");
    if (required && value.find_first_not_of(" \t") == std::string::npos) {
        fail(path + "." + key, "must not be empty");
    }
    if (utf8_length(value) > max_chars) {
        fail(path + "." + key, fmt::format("longer than {} characters", max_chars));
    }
    if (has_control_chars(value)) fail(path + "." + key, "contains control characters");
    return value;
}

bool is_http_url(std::string_view url) {
    const auto starts = [&](std::string_view p) {
        return url.size() > p.size() && url.substr(0, p.size()) == p;
    };
    return (starts("http://") || starts("https://")) &&
           url.find_first_of(" \t\r\n\"<>\\") == std::string_view::npos;
}

NewCategory parse_category(const json& v, const std::string& path, std::set<std::string>& seen,
                           const ImportContext& context) {
    if (!v.is_object()) fail(path, "must be an object, not " + type_name(v));
    check_keys(v, path, {"slug", "name", "parent", "subtitle"});
    NewCategory c;
    c.slug = require_string(v, path, "slug");
    if (!is_valid_slug(c.slug)) {
        fail(path + ".slug", "must be 1-64 lowercase letters, digits or '-'");
    }
    if (is_reserved_slug(c.slug)) {
        fail(path + ".slug", "'" + c.slug + "' is reserved for the site's own pages");
    }
    if (seen.contains(c.slug)) fail(path + ".slug", "listed twice in this document");
    if (context.slug_exists && context.slug_exists(c.slug)) {
        fail(path + ".slug", "a category with this slug already exists");
    }
    c.name = plain_line(v, path, "name", 50, true);
    c.subtitle = plain_line(v, path, "subtitle", 200, false);
    c.parent_slug = optional_string(v, path, "parent");
    if (c.parent_slug && !seen.contains(*c.parent_slug) &&
        !(context.slug_exists && context.slug_exists(*c.parent_slug))) {
        fail(path + ".parent", "unknown category '" + *c.parent_slug +
                                   "' (a parent must be listed before its children or exist)");
    }
    seen.insert(c.slug);
    return c;
}

NewArticle parse_article(const json& v, const std::string& path,
                         const std::set<std::string>& doc_slugs, std::set<std::int64_t>& ids,
                         const ImportContext& context) {
    if (!v.is_object()) fail(path, "must be an object, not " + type_name(v));
    check_keys(v, path,
               {"id", "title", "category", "published_at", "keywords", "source", "source_url",
                "summary", "body_html", "views", "status"});
    NewArticle a;
    if (const json* id = member(v, "id"); id && !id->is_null()) {
        if (!id->is_number_integer() || id->get<std::int64_t>() < 1) {
            fail(path + ".id", "must be a positive integer");
        }
        a.id = id->get<std::int64_t>();
        if (ids.contains(*a.id)) fail(path + ".id", "listed twice in this document");
        if (context.article_id_taken && context.article_id_taken(*a.id)) {
            fail(path + ".id", fmt::format("article {} already exists", *a.id));
        }
        ids.insert(*a.id);
    }
    const auto& limits = kArticleLimits;
    a.title = plain_line(v, path, "title", limits.title_chars, true);
    a.category_slug = require_string(v, path, "category");
    if (!doc_slugs.contains(a.category_slug) &&
        !(context.slug_exists && context.slug_exists(a.category_slug))) {
        fail(path + ".category", "unknown category '" + a.category_slug + "'");
    }
    if (auto status = optional_string(v, path, "status")) {
        if (*status == "draft") {
            a.status = ArticleStatus::draft;
        } else if (*status != "published") {
            fail(path + ".status", "must be \"draft\" or \"published\"");
        }
    }
    if (auto date = optional_string(v, path, "published_at")) {
        auto parsed = parse_rfc3339(*date);
        if (!parsed) fail(path + ".published_at", "not an RFC 3339 date");
        a.published_at = *parsed;
    } else if (a.status == ArticleStatus::published) {
        fail(path + ".published_at", "missing (required for a published article)");
    } else {
        a.published_at = context.now;
    }
    if (const json* kws = member(v, "keywords"); kws && !kws->is_null()) {
        if (!kws->is_array()) fail(path + ".keywords", "must be an array of strings");
        if (kws->size() > limits.keywords) {
            fail(path + ".keywords", fmt::format("more than {} keywords", limits.keywords));
        }
        for (std::size_t i = 0; i < kws->size(); ++i) {
            const auto kpath = fmt::format("{}.keywords[{}]", path, i);
            const auto& k = (*kws)[i];
            if (!k.is_string()) fail(kpath, "must be a string, not " + type_name(k));
            auto word = k.get<std::string>();
            if (word.empty() || word.find_first_not_of(' ') == std::string::npos) {
                fail(kpath, "must not be empty");
            }
            if (utf8_length(word) > limits.keyword_chars) {
                fail(kpath, fmt::format("longer than {} characters", limits.keyword_chars));
            }
            if (word.find_first_of("/?#%\\") != std::string::npos || has_control_chars(word)) {
                fail(kpath, "must not contain / ? # % \\ or control characters");
            }
            if (std::find(a.keywords.begin(), a.keywords.end(), word) == a.keywords.end()) {
                a.keywords.push_back(std::move(word));
            }
        }
    }
    a.source = plain_line(v, path, "source", limits.source_chars, false);
    a.source_url = optional_string(v, path, "source_url");
    if (a.source_url &&
        (!is_http_url(*a.source_url) || a.source_url->size() > limits.source_url_bytes)) {
        fail(path + ".source_url", "must be an http:// or https:// URL");
    }
    a.summary = optional_string(v, path, "summary");
    if (a.summary && utf8_length(*a.summary) > limits.summary_chars) {
        fail(path + ".summary", fmt::format("longer than {} characters", limits.summary_chars));
    }
    a.body_html = require_string(v, path, "body_html");
    if (a.body_html.size() > limits.body_bytes) fail(path + ".body_html", "larger than 2 MB");
    if (!parse_fragment(a.body_html)) {
        fail(path + ".body_html",
             "elements nested deeper than " + std::to_string(kMaxHtmlDepth) + " levels");
    }
    if (const json* views = member(v, "views"); views && !views->is_null()) {
        if (!views->is_number_integer() || views->get<std::int64_t>() < 0) {
            fail(path + ".views", "must be a non-negative integer");
        }
        a.views = views->get<std::int64_t>();
    }
    return a;
}

}  // namespace

bool is_reserved_slug(std::string_view slug) {
    // First path segments that the route table uses; a category there would be unreachable.
    static constexpr std::array<std::string_view, 17> kReserved = {
        "admin",  "api",     "callback", "healthz", "robots", "rss",
        "search", "sitemap", "sitemaps", "static",  "tag",    "wechat-qr",
        "media",  "feed",    "contact",  "login",   "logout"};
    return std::find(kReserved.begin(), kReserved.end(), slug) != kReserved.end();
}

bool is_valid_slug(std::string_view slug) {
    if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') {
        return false;
    }
    return std::all_of(slug.begin(), slug.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::variant<ImportDocument, ImportError> parse_import_document(std::string_view json_text,
                                                                const ImportContext& context) {
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::exception& e) {
        // parse_error for bad syntax, out_of_range for numbers too large to represent.
        return ImportError{"", std::string("not valid JSON: ") + e.what()};
    }
    try {
        if (!root.is_object()) fail("", "the document must be a JSON object");
        check_keys(root, "", {"categories", "articles"});
        ImportDocument doc;
        std::set<std::string> slugs;
        if (const json* cats = member(root, "categories"); cats && !cats->is_null()) {
            if (!cats->is_array()) fail("categories", "must be an array");
            for (std::size_t i = 0; i < cats->size(); ++i) {
                doc.categories.push_back(
                    parse_category((*cats)[i], fmt::format("categories[{}]", i), slugs, context));
            }
        }
        std::set<std::int64_t> ids;
        if (const json* arts = member(root, "articles"); arts && !arts->is_null()) {
            if (!arts->is_array()) fail("articles", "must be an array");
            for (std::size_t i = 0; i < arts->size(); ++i) {
                doc.articles.push_back(
                    parse_article((*arts)[i], fmt::format("articles[{}]", i), slugs, ids, context));
            }
        }
        return doc;
    } catch (Stop& stop) {
        // check_keys builds ".key" paths; a top-level key has no parent to hang on.
        if (!stop.error.path.empty() && stop.error.path.front() == '.') {
            stop.error.path.erase(0, 1);
        }
        return std::move(stop.error);
    }
}

}  // namespace gp::content
