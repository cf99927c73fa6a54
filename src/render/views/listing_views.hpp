#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "content/pagination.hpp"
#include "render/renderer.hpp"
#include "render/views/link_view.hpp"

namespace gp::render {

/// An article in a list: home, section and keyword pages.
struct SummaryView {
    std::string title;
    std::string url;
    std::string date;  ///< "2025-06-18", in the site's time zone
    std::string summary;
    std::optional<LinkView> category;
    std::vector<LinkView> keywords;  ///< each to its keyword page
};

struct PageNumberView {
    std::string number;
    std::string url;
    bool current = false;
};

/// 第 n/m 页, 上一页/下一页, 首页/尾页 and a window of page numbers around the current one.
struct PagerView {
    std::string page;
    std::string pages;
    std::string total;
    bool several = false;
    bool has_prev = false;
    bool has_next = false;
    std::string prev_url;
    std::string next_url;
    std::string first_url;
    std::string last_url;
    std::vector<PageNumberView> numbers;
};

/// The pager of `p`; `url_of(n)` is the address of page n.
PagerView pager_view(const content::Pagination& p,
                     const std::function<std::string(std::int64_t)>& url_of);

/// A section on the home page with its newest articles.
struct HomeSectionView {
    std::string name;
    std::optional<std::string> subtitle;
    std::string url;
    std::string count;  ///< visible articles in the section and below
    std::vector<SummaryView> items;
    std::vector<LinkView> children;
};

/// What templates/home.mustache shows.
struct HomeView {
    std::vector<HomeSectionView> sections;
};

/// A category tab with its article count (全部 / 等保资讯 / 等保政策 …).
struct TabView {
    std::string name;
    std::string url;
    std::string count;
    bool current = false;
};

/// What templates/category.mustache shows (the category-<slug> variants alike).
struct CategoryView {
    std::string section_name;
    std::string section_subtitle;
    std::string name;
    std::string subtitle;              ///< the category's, or its section's when it has none
    std::vector<LinkView> breadcrumb;  ///< section first, the category itself last
    std::vector<TabView> tabs;         ///< 全部 (the section) first, then its children
    std::vector<TabView> subtabs;      ///< the children of a deeper category
    std::vector<SummaryView> items;
    PagerView pager;
};

/// What templates/tag.mustache shows: the articles with one keyword.
struct KeywordView {
    std::string keyword;
    std::string total;
    std::vector<SummaryView> items;
    PagerView pager;
};

Data to_data(const PagerView& pager);
void add_to(Data& page, const HomeView& view);
void add_to(Data& page, const CategoryView& view);
void add_to(Data& page, const KeywordView& view);

}  // namespace gp::render
