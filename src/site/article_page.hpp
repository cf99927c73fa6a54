#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cache/view_counter.hpp"
#include "content/article.hpp"
#include "content/category_tree.hpp"
#include "store/store.hpp"

namespace gp::site {

/// "/news/policy/12.html": where an article lives, from its category's place in the tree.
std::string article_path(const content::CategoryTree& tree, std::int64_t category_id,
                         std::int64_t id);

/// Everything an article page shows, read in one place; the handler only turns it into HTML.
struct ArticlePage {
    content::Article article;
    std::shared_ptr<const content::CategoryTree> tree;
    std::vector<const content::Category*> chain;  ///< the section first, its category last
    std::string canonical;                        ///< the page's one URL
    std::optional<store::ArticleLink> older;      ///< 上一篇
    std::optional<store::ArticleLink> newer;      ///< 下一篇
    std::vector<store::ArticleLink> related;
    std::int64_t views = 0;  ///< the stored count plus every view not yet written
    /// Every view counted so far (ViewCounter::counted, which never goes down): the page cache
    /// shows a kept page's count as `views - views_counted` plus what is counted by then.
    std::int64_t views_counted = 0;
};

/// The article lives at another URL (its category moved, or the path was not its own).
struct ArticleMoved {
    std::string canonical;
};
/// No published article has that id (none, a draft, scheduled, in the trash, or not a number).
struct ArticleMissing {};

/// The article-page service: which article a request names, whether readers may see it, where
/// it lives, and the view it counts.
class ArticlePages {
public:
    struct Deps {
        store::Store& store;
        cache::ViewCounter& views;
        std::function<content::Time()> clock;
        std::function<std::shared_ptr<const content::CategoryTree>()> tree;
    };
    explicit ArticlePages(Deps deps) : d_(std::move(deps)) {}

    /// The article `id_text` names, asked for at `path`. `count_view` is true for a GET by a
    /// reader who is not a known crawler; the view is counted only when the page is shown.
    std::variant<ArticlePage, ArticleMoved, ArticleMissing> read(std::string_view id_text,
                                                                 std::string_view path,
                                                                 bool count_view) const;

private:
    Deps d_;
};

}  // namespace gp::site
