#include "render/views/article_view.hpp"

namespace gp::render {
namespace {

// Each list keeps the field names its template section has always used.
List links(const std::vector<LinkView>& items, const char* text_key, bool with_last = false) {
    List out;
    for (const auto& item : items) {
        Data d;
        d.set(text_key, item.text);
        d.set("url", item.url);
        if (with_last) d.set("last", false);
        out.push_back(d);
    }
    return out;
}

Data link(const LinkView& l) {
    Data d;
    d.set("title", l.text);
    d.set("url", l.url);
    return d;
}

}  // namespace

void add_to(Data& page, const ArticleView& view) {
    page.set("title", view.title);
    page.set("date", view.date);
    page.set("date_time", view.date_time);
    page.set("datetime_iso", view.datetime_iso);
    page.set("views", view.views);
    page.set("body_html", view.body_html);
    page.set("source", view.source);
    page.set("has_source_url", view.source_url.has_value());
    page.set("source_url", view.source_url.value_or(""));
    page.set("keywords", links(view.keywords, "name"));
    page.set("has_keywords", !view.keywords.empty());
    page.set("breadcrumb", links(view.breadcrumb, "name", true));
    page.set("related", links(view.related, "title"));
    page.set("has_related", !view.related.empty());
    if (view.prev) page.set("prev", link(*view.prev));
    if (view.next) page.set("next", link(*view.next));
    if (view.category) {
        page.set("category_name", view.category->text);
        page.set("category_url", view.category->url);
    }
}

}  // namespace gp::render
