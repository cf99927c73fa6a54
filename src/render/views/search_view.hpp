#pragma once

#include <optional>
#include <string>
#include <vector>

#include "render/renderer.hpp"
#include "render/views/link_view.hpp"
#include "render/views/listing_views.hpp"

namespace gp::render {

/// A section in the search form's 栏目 list.
struct SectionOptionView {
    std::string slug;
    std::string name;
    bool selected = false;
};

/// One result; title and snippet carry the search's <mark>s, built escaped by search::to_html.
struct SearchHitView {
    std::string url;
    std::string title_html;
    std::string snippet_html;
    std::string date;
    std::optional<LinkView> category;
};

/// What a search that ran found.
struct SearchResultsView {
    std::string total;
    bool total_capped = false;                 ///< more than the search counts: "多"
    std::optional<std::string> category_name;  ///< the section searched in, if one was chosen
    std::vector<SearchHitView> items;
    PagerView pager;
};

/// What templates/search.mustache shows: the form as the reader filled it, a message when the
/// search did not run or needs a word, and the results when it ran.
struct SearchView {
    std::string query;
    std::vector<SectionOptionView> sections;
    std::optional<std::string> message;
    std::optional<SearchResultsView> results;
};

void add_to(Data& page, const SearchView& view);

}  // namespace gp::render
