#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "render/renderer.hpp"

namespace gp::admin {

/// The back end's words in Chinese (the default) and English, from i18n/admin.<lang>.json in
/// the theme. Both files must hold the same keys; a missing one stops start-up.
class Catalog {
public:
    explicit Catalog(const std::filesystem::path& dir);

    /// "zh" or "en"; anything else is read as "zh".
    static std::string_view language(std::string_view wanted);
    /// The text of `key`, with "{n}" replaced by `n` when given; the key itself when unknown.
    std::string text(std::string_view lang, std::string_view key, int n = 0) const;
    /// Every text of a language, for templates (`{{t.key}}`).
    const render::Data& all(std::string_view lang) const;

private:
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> texts_;
    std::map<std::string, render::Data, std::less<>> data_;
};

}  // namespace gp::admin
