#include "content/export_document.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "content/rfc3339.hpp"

namespace gp::content {
namespace {

using nlohmann::json;

json optional_text(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}

json categories_parents_first(const std::vector<NewCategory>& categories) {
    json out = json::array();
    std::vector<bool> done(categories.size(), false);
    std::set<std::string> emitted;
    for (bool progress = true; progress;) {
        progress = false;
        for (std::size_t i = 0; i < categories.size(); ++i) {
            const auto& c = categories[i];
            if (done[i] || (c.parent_slug && !emitted.contains(*c.parent_slug))) continue;
            out.push_back({{"slug", c.slug},
                           {"name", c.name},
                           {"parent", optional_text(c.parent_slug)},
                           {"subtitle", c.subtitle}});
            emitted.insert(c.slug);
            done[i] = true;
            progress = true;
        }
    }
    return out;
}

json article(const NewArticle& a) {
    return {{"id", a.id ? json(*a.id) : json(nullptr)},
            {"title", a.title},
            {"category", a.category_slug},
            {"status", a.status == ArticleStatus::draft ? "draft" : "published"},
            {"published_at", format_rfc3339(a.published_at, std::chrono::minutes{0})},
            {"keywords", a.keywords},
            {"source", a.source},
            {"source_url", optional_text(a.source_url)},
            {"summary", a.summary.value_or("")},
            {"body_html", a.body_html},
            {"views", a.views}};
}

}  // namespace

std::string export_document(const ImportDocument& doc) {
    json articles = json::array();
    for (const auto& a : doc.articles) articles.push_back(article(a));
    return json{{"categories", categories_parents_first(doc.categories)}, {"articles", articles}}
               .dump(2) +
           "\n";
}

}  // namespace gp::content
