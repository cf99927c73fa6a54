#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "content/article.hpp"
#include "content/category_tree.hpp"

namespace gp::content {

/// Why a category as an editor wrote it cannot be saved; the text is Chinese, for the page.
struct CategoryProblem {
    enum class Kind { invalid, slug_taken, cycle, no_parent } kind = Kind::invalid;
    std::string message;
};

/// Checks `edited` (id 0 for a new category) against the tree as it is: a name of 1–40
/// characters, a valid slug no other category and no site URL uses, an existing parent that
/// is neither the category itself nor one of its descendants, and the length limits of the
/// subtitle (200), SEO title (80) and SEO description (200).
std::optional<CategoryProblem> check_category(const CategoryTree& tree, const Category& edited);

/// Leading and trailing white space removed (a pasted name often carries some).
std::string trimmed(std::string_view text);

}  // namespace gp::content
