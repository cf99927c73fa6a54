#include "render/views/search_view.hpp"

namespace gp::render {

void add_to(Data& page, const SearchView& view) {
    page.set("query", view.query);
    page.set("search_query", view.query);  // the search box in the layout's header
    List sections;
    for (const auto& s : view.sections) {
        Data option;
        option.set("slug", s.slug);
        option.set("name", s.name);
        option.set("selected", s.selected);
        sections.push_back(option);
    }
    page.set("sections", sections);
    if (view.message) page.set("message", *view.message);
    if (!view.results) return;
    const auto& r = *view.results;
    page.set("total", r.total);
    page.set("total_capped", r.total_capped);
    page.set("has_results", !r.items.empty());
    page.set("no_results", r.items.empty());
    if (r.category_name) page.set("category_name", *r.category_name);
    List items;
    for (const auto& hit : r.items) {
        Data item;
        item.set("url", hit.url);
        item.set("title_html", hit.title_html);
        item.set("snippet_html", hit.snippet_html);
        item.set("date", hit.date);
        if (hit.category) {
            item.set("category_name", hit.category->text);
            item.set("category_url", hit.category->url);
        }
        items.push_back(item);
    }
    page.set("items", items);
    page.set("pager", to_data(r.pager));
}

}  // namespace gp::render
