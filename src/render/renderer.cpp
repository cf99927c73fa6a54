#include "render/renderer.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gp::render {

Renderer::Renderer(const std::filesystem::path& templates_dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(templates_dir, ec)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto t = std::make_unique<Template>(text.str());
        if (!t->parsed.is_valid()) {
            throw std::runtime_error("template " + entry.path().string() + ": " +
                                     t->parsed.error_message());
        }
        templates_.emplace(entry.path().stem().string(), std::move(t));
    }
    if (ec) {
        throw std::runtime_error("cannot read templates in " + templates_dir.string() + ": " +
                                 ec.message());
    }
    for (const char* required : {"layout", "error"}) {
        if (!has(required)) {
            throw std::runtime_error("template " + (templates_dir / required).string() +
                                     ".mustache is missing");
        }
    }
}

bool Renderer::has(std::string_view name) const {
    return templates_.find(name) != templates_.end();
}

std::string Renderer::render_one(const Template& t, const Data& data) const {
    std::lock_guard lock(t.mutex);
    return t.parsed.render(data);
}

std::string Renderer::render(std::string_view name, const Data& data) const {
    const auto it = templates_.find(name);
    if (it == templates_.end()) throw std::logic_error("no template: " + std::string(name));
    return render_one(*it->second, data);
}

std::string Renderer::render_page(const std::vector<std::string>& names, Data page) const {
    return render_page_in("layout", names, std::move(page));
}

std::string Renderer::render_page_in(std::string_view layout, const std::vector<std::string>& names,
                                     Data page) const {
    const auto frame = templates_.find(layout);
    if (frame == templates_.end()) throw std::logic_error("no layout " + std::string(layout));
    for (const auto& name : names) {
        const auto it = templates_.find(name);
        if (it == templates_.end()) continue;
        page.set("content", render_one(*it->second, page));
        return render_one(*frame->second, page);
    }
    throw std::logic_error("no template for page: " + (names.empty() ? "" : names.front()));
}

}  // namespace gp::render
