#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "config/settings.hpp"

namespace gp::config {

/// A configuration mistake, with the file, key and reason in the message.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Reads a TOML file (when given) over the defaults, then applies environment overrides
/// `GP_SECTION__KEY` (e.g. GP_SERVER__LISTEN). Unknown keys, wrong types and bad values throw
/// ConfigError naming the file (or variable), the key and the reason.
Settings load_settings(const std::optional<std::filesystem::path>& file,
                       const std::filesystem::path& default_theme_dir);

}  // namespace gp::config
