#include "site/article_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace gp::site {
namespace {

constexpr std::int64_t kRelatedArticles = 6;

std::optional<std::int64_t> article_id(std::string_view text) {
    // Digits only: "12abc" and "+12" are not ids, and 18 digits cannot overflow.
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::int64_t id = 0;
    std::from_chars(text.data(), text.data() + text.size(), id);
    return id;
}

}  // namespace

std::string article_path(const content::CategoryTree& tree, std::int64_t category_id,
                         std::int64_t id) {
    return fmt::format("{}{}.html", tree.url(category_id), id);
}

std::variant<ArticlePage, ArticleMoved, ArticleMissing> ArticlePages::read(std::string_view id_text,
                                                                           std::string_view path,
                                                                           bool count_view) const {
    const auto id = article_id(id_text);
    if (!id) return ArticleMissing{};
    auto& articles = d_.store.articles();
    auto article = articles.find_article(*id);
    const auto now = d_.clock();
    if (!article || content::visibility(article->status, article->published_at, now) !=
                        content::Visibility::published) {
        return ArticleMissing{};
    }
    ArticlePage page;
    page.tree = d_.tree();
    const auto& tree = *page.tree;
    page.canonical = article_path(tree, article->category_id, article->id);
    if (path != page.canonical) return ArticleMoved{std::move(page.canonical)};
    if (count_view) d_.views.add(article->id);
    const auto tally = d_.views.tally(article->id);
    page.views = article->views + tally.pending;
    page.views_counted = tally.counted;
    page.chain = tree.ancestry(article->category_id);
    page.older = articles.older_neighbour(*article, now);
    page.newer = articles.newer_neighbour(*article, now);
    page.related = d_.store.search().related(*article, now, kRelatedArticles);
    page.article = std::move(*article);
    return page;
}

}  // namespace gp::site
