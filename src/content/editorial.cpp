#include "content/editorial.hpp"

#include <array>
#include <utility>

namespace gp::content {
namespace {

constexpr std::array<std::pair<EditorialState, std::string_view>, 4> kStates{{
    {EditorialState::draft, "draft"},
    {EditorialState::review, "review"},
    {EditorialState::published, "published"},
    {EditorialState::trash, "trash"},
}};

}  // namespace

std::string_view state_name(EditorialState state) {
    for (const auto& [s, name] : kStates) {
        if (s == state) return name;
    }
    return "draft";
}

std::optional<EditorialState> parse_state(std::string_view name) {
    for (const auto& [s, n] : kStates) {
        if (n == name) return s;
    }
    return std::nullopt;
}

}  // namespace gp::content
