#include "content/category_edit.hpp"

#include <algorithm>

#include "content/import_document.hpp"

namespace gp::content {
namespace {

std::size_t characters(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

CategoryProblem invalid(std::string message) {
    return {CategoryProblem::Kind::invalid, std::move(message)};
}

}  // namespace

std::string trimmed(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(kSpace);
    return std::string(text.substr(first, last - first + 1));
}

std::optional<CategoryProblem> check_category(const CategoryTree& tree, const Category& edited) {
    if (edited.name.empty() || characters(edited.name) > 40) {
        return invalid("栏目名称不能为空，且不超过 40 个字。");
    }
    if (!is_valid_slug(edited.slug)) {
        return invalid(
            "栏目别名只能由小写字母、数字和连字符组成（1–64 位，不以连字符开头或结尾）。");
    }
    if (is_reserved_slug(edited.slug)) {
        return invalid("栏目别名“" + edited.slug + "”已被网站自身的地址占用，请换一个。");
    }
    if (const auto* other = tree.find_slug(edited.slug); other && other->id != edited.id) {
        return CategoryProblem{CategoryProblem::Kind::slug_taken,
                               "栏目别名“" + edited.slug + "”已被栏目“" + other->name + "”使用。"};
    }
    if (characters(edited.subtitle) > 200) return invalid("副标题不能超过 200 个字。");
    if (characters(edited.seo_title) > 80) return invalid("SEO 标题不能超过 80 个字。");
    if (characters(edited.seo_description) > 200) return invalid("SEO 描述不能超过 200 个字。");
    if (edited.parent_id) {
        if (!tree.find(*edited.parent_id)) {
            return CategoryProblem{CategoryProblem::Kind::no_parent, "所选的上级栏目不存在。"};
        }
        if (edited.id != 0) {
            const auto below = tree.subtree(edited.id);
            if (std::find(below.begin(), below.end(), *edited.parent_id) != below.end()) {
                return CategoryProblem{CategoryProblem::Kind::cycle,
                                       "不能把栏目移到它自己或它的下级栏目之下。"};
            }
        }
    }
    return std::nullopt;
}

}  // namespace gp::content
