#include "content/category_tree.hpp"

#include <algorithm>

namespace gp::content {

CategoryTree::CategoryTree(std::vector<Category> categories) : categories_(std::move(categories)) {
    std::stable_sort(categories_.begin(), categories_.end(), [](const auto& a, const auto& b) {
        return a.sort_order != b.sort_order ? a.sort_order < b.sort_order : a.id < b.id;
    });
    for (std::size_t i = 0; i < categories_.size(); ++i) {
        by_id_[categories_[i].id] = i;
        by_slug_[categories_[i].slug] = i;
    }
    for (const auto& c : categories_) {
        if (c.parent_id && by_id_.contains(*c.parent_id) && *c.parent_id != c.id) {
            children_[*c.parent_id].push_back(c.id);
        } else {
            roots_.push_back(c.id);
        }
    }
}

const Category* CategoryTree::find(std::int64_t id) const {
    const auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &categories_[it->second];
}

const Category* CategoryTree::find_slug(std::string_view slug) const {
    const auto it = by_slug_.find(slug);
    return it == by_slug_.end() ? nullptr : &categories_[it->second];
}

const Category* CategoryTree::find_path(std::string_view path) const {
    const Category* current = nullptr;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto segment = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        const Category* next = find_slug(segment);
        if (!next) return nullptr;
        const bool is_root = std::find(roots_.begin(), roots_.end(), next->id) != roots_.end();
        if (current == nullptr ? !is_root : (is_root || next->parent_id != current->id)) {
            return nullptr;
        }
        current = next;
    }
    return current;
}

std::vector<const Category*> CategoryTree::sections() const {
    std::vector<const Category*> out;
    for (auto id : roots_) out.push_back(find(id));
    return out;
}

std::vector<const Category*> CategoryTree::children(std::int64_t id) const {
    std::vector<const Category*> out;
    if (const auto it = children_.find(id); it != children_.end()) {
        for (auto child : it->second) out.push_back(find(child));
    }
    return out;
}

std::vector<const Category*> CategoryTree::ancestry(std::int64_t id) const {
    std::vector<const Category*> out;
    // The depth bound guards against a cycle in hand-edited data.
    for (const Category* c = find(id); c && out.size() <= categories_.size();
         c = c->parent_id ? find(*c->parent_id) : nullptr) {
        out.push_back(c);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<std::int64_t> CategoryTree::subtree(std::int64_t id) const {
    std::vector<std::int64_t> out;
    if (!find(id)) return out;
    std::vector<std::int64_t> stack{id};
    while (!stack.empty() && out.size() <= categories_.size()) {
        const auto current = stack.back();
        stack.pop_back();
        out.push_back(current);
        if (const auto it = children_.find(current); it != children_.end()) {
            stack.insert(stack.end(), it->second.rbegin(), it->second.rend());
        }
    }
    return out;
}

std::string CategoryTree::url(std::int64_t id) const {
    std::string out = "/";
    for (const auto* c : ancestry(id)) {
        out += c->slug;
        out += '/';
    }
    return out;
}

const Category* CategoryTree::section_of(std::int64_t id) const {
    const auto chain = ancestry(id);
    return chain.empty() ? nullptr : chain.front();
}

std::map<std::int64_t, std::int64_t> CategoryTree::roll_up(
    const std::map<std::int64_t, std::int64_t>& direct_counts) const {
    std::map<std::int64_t, std::int64_t> out;
    for (const auto& c : categories_) {
        std::int64_t total = 0;
        for (auto id : subtree(c.id)) {
            if (const auto it = direct_counts.find(id); it != direct_counts.end()) {
                total += it->second;
            }
        }
        out[c.id] = total;
    }
    return out;
}

}  // namespace gp::content
