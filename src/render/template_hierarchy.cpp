#include "render/template_hierarchy.hpp"

#include <fmt/format.h>

namespace gp::render {

std::vector<std::string> entry_templates(std::string_view kind, std::string_view slug) {
    if (slug.empty()) return {std::string(kind)};
    return {fmt::format("{}-{}", kind, slug), std::string(kind)};
}

std::vector<std::string> error_templates(unsigned status) {
    return {fmt::format("error-{}", status), fmt::format("error-{}xx", status / 100), "error"};
}

}  // namespace gp::render
