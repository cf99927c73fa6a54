#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.hpp"

namespace gp::content {

/// The category tree in memory: built from the store's flat list, it answers the questions pages
/// ask (path → category, ancestors, subtree, children in order, rolled-up counts) without SQL.
class CategoryTree {
public:
    CategoryTree() = default;
    /// Categories whose parent is missing are treated as top-level sections.
    explicit CategoryTree(std::vector<Category> categories);

    const Category* find(std::int64_t id) const;
    const Category* find_slug(std::string_view slug) const;
    /// Resolves "news/policy/local" (no leading or trailing slash) to the last category, only
    /// if every segment is the child of the one before and the first is a section.
    const Category* find_path(std::string_view path) const;

    /// Top-level categories, ordered by sort_order then id.
    std::vector<const Category*> sections() const;
    std::vector<const Category*> children(std::int64_t id) const;
    /// From the section down to `id` inclusive.
    std::vector<const Category*> ancestry(std::int64_t id) const;
    /// `id` and all its descendants.
    std::vector<std::int64_t> subtree(std::int64_t id) const;
    /// "/news/policy/"
    std::string url(std::int64_t id) const;
    const Category* section_of(std::int64_t id) const;

    /// Each category's count plus its descendants' counts.
    std::map<std::int64_t, std::int64_t> roll_up(
        const std::map<std::int64_t, std::int64_t>& direct_counts) const;

    const std::vector<Category>& all() const { return categories_; }

private:
    std::vector<Category> categories_;
    std::map<std::int64_t, std::size_t> by_id_;
    std::map<std::string, std::size_t, std::less<>> by_slug_;
    std::map<std::int64_t, std::vector<std::int64_t>> children_;
    std::vector<std::int64_t> roots_;
};

}  // namespace gp::content
