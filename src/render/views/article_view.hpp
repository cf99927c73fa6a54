#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/renderer.hpp"
#include "render/views/link_view.hpp"

namespace gp::render {

/// What templates/article.mustache shows of an article, every field already in the reader's
/// form (dates in the site's time zone, URLs built). The page's frame (navigation, widgets,
/// head tags) is added around it by the handler.
struct ArticleView {
    std::string title;
    std::string date;          ///< "2025-06-18"
    std::string date_time;     ///< "2025-06-18 10:17"
    std::string datetime_iso;  ///< RFC 3339, for <time datetime>
    /// The 访问量 as text, or the page cache's placeholder that is filled at send time.
    std::string views;
    std::string body_html;  ///< sanitised when it was saved; shown as is
    std::string source;     ///< 来源: the source's name, or 本站
    std::optional<std::string> source_url;
    std::vector<LinkView> keywords;    ///< 关键词, each to its keyword page
    std::vector<LinkView> breadcrumb;  ///< section first; the article itself is not in it
    std::optional<LinkView> prev;      ///< 上一篇 (older)
    std::optional<LinkView> next;      ///< 下一篇 (newer)
    std::vector<LinkView> related;
    std::optional<LinkView> category;  ///< "返回…列表"
};

/// Adds the view's fields to `page` under the names the template uses.
void add_to(Data& page, const ArticleView& view);

}  // namespace gp::render
