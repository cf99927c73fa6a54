#pragma once

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gp::render {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;
using Object = kainjow::mustache::object;

/// Logic-less Mustache templates, parsed once at start and HTML-escaped by default. A page is its
/// own template rendered inside `layout`. A page names its templates most specific first and the
/// first that exists wins; template_hierarchy.hpp lists the fallbacks.
class Renderer {
public:
    /// Loads every *.mustache in `templates_dir`; throws std::runtime_error naming the file and
    /// the parse error when one is broken, and when `layout` or `error` is missing.
    explicit Renderer(const std::filesystem::path& templates_dir);

    /// Renders the first existing template of `names` with `page`, then the layout around it
    /// (the layout sees the same data plus `content`).
    std::string render_page(const std::vector<std::string>& names, Data page) const;

    /// The same inside another layout (the back end's "admin-layout").
    std::string render_page_in(std::string_view layout, const std::vector<std::string>& names,
                               Data page) const;

    /// Renders one template on its own (feeds, sitemaps); throws std::logic_error when missing.
    std::string render(std::string_view name, const Data& data) const;

    bool has(std::string_view name) const;

private:
    struct Template {
        // kainjow's render() is not const; each template is rendered under its own lock.
        mutable std::mutex mutex;
        mutable kainjow::mustache::mustache parsed;
        explicit Template(const std::string& text) : parsed(text) {}
    };
    std::string render_one(const Template& t, const Data& data) const;

    std::map<std::string, std::unique_ptr<Template>, std::less<>> templates_;
};

}  // namespace gp::render
