#include "render/views/listing_views.hpp"

#include <algorithm>

namespace gp::render {
namespace {

List names(const std::vector<LinkView>& links) {
    List out;
    for (const auto& l : links) {
        Data d;
        d.set("name", l.text);
        d.set("url", l.url);
        out.push_back(d);
    }
    return out;
}

List items(const std::vector<SummaryView>& summaries) {
    List out;
    for (const auto& a : summaries) {
        Data item;
        item.set("title", a.title);
        item.set("url", a.url);
        item.set("date", a.date);
        item.set("summary", a.summary);
        if (a.category) {
            item.set("category_name", a.category->text);
            item.set("category_url", a.category->url);
        }
        item.set("keywords", names(a.keywords));
        item.set("has_keywords", !a.keywords.empty());
        out.push_back(item);
    }
    return out;
}

List tabs(const std::vector<TabView>& views) {
    List out;
    for (const auto& t : views) {
        Data d;
        d.set("name", t.name);
        d.set("url", t.url);
        d.set("count", t.count);
        d.set("current", t.current);
        out.push_back(d);
    }
    return out;
}

}  // namespace

Data to_data(const PagerView& p) {
    Data d;
    d.set("page", p.page);
    d.set("pages", p.pages);
    d.set("total", p.total);
    d.set("has_prev", p.has_prev);
    d.set("has_next", p.has_next);
    d.set("prev_url", p.prev_url);
    d.set("next_url", p.next_url);
    d.set("first_url", p.first_url);
    d.set("last_url", p.last_url);
    List numbers;
    for (const auto& n : p.numbers) {
        Data item;
        item.set("number", n.number);
        item.set("url", n.url);
        item.set("current", n.current);
        numbers.push_back(item);
    }
    d.set("numbers", numbers);
    d.set("several", p.several);
    return d;
}

PagerView pager_view(const content::Pagination& p,
                     const std::function<std::string(std::int64_t)>& url_of) {
    PagerView v;
    v.page = std::to_string(p.page);
    v.pages = std::to_string(p.pages());
    v.total = std::to_string(p.total);
    v.several = p.pages() > 1;
    v.has_prev = p.has_prev();
    v.has_next = p.has_next();
    v.prev_url = url_of(p.page - 1);
    v.next_url = url_of(p.page + 1);
    v.first_url = url_of(1);
    v.last_url = url_of(p.pages());
    const auto from = std::max<std::int64_t>(1, p.page - 3);
    const auto to = std::min<std::int64_t>(p.pages(), p.page + 3);
    for (auto n = from; n <= to; ++n)
        v.numbers.push_back({std::to_string(n), url_of(n), n == p.page});
    return v;
}

void add_to(Data& page, const HomeView& view) {
    List sections;
    for (const auto& section : view.sections) {
        Data s;
        s.set("name", section.name);
        if (section.subtitle) s.set("subtitle", *section.subtitle);
        s.set("url", section.url);
        s.set("count", section.count);
        s.set("items", items(section.items));
        s.set("children", names(section.children));
        sections.push_back(s);
    }
    page.set("sections", sections);
}

void add_to(Data& page, const CategoryView& view) {
    page.set("section_name", view.section_name);
    page.set("section_subtitle", view.section_subtitle);
    page.set("name", view.name);
    page.set("subtitle", view.subtitle);
    List crumbs;
    for (std::size_t i = 0; i < view.breadcrumb.size(); ++i) {
        Data c;
        c.set("name", view.breadcrumb[i].text);
        c.set("url", view.breadcrumb[i].url);
        c.set("last", i + 1 == view.breadcrumb.size());
        crumbs.push_back(c);
    }
    page.set("breadcrumb", crumbs);
    page.set("tabs", tabs(view.tabs));
    page.set("subtabs", tabs(view.subtabs));
    page.set("has_subtabs", !view.subtabs.empty());
    page.set("has_items", !view.items.empty());
    page.set("items", items(view.items));
    page.set("pager", to_data(view.pager));
}

void add_to(Data& page, const KeywordView& view) {
    page.set("keyword", view.keyword);
    page.set("total", view.total);
    page.set("items", items(view.items));
    page.set("pager", to_data(view.pager));
}

}  // namespace gp::render
