#pragma once

#include <filesystem>
#include <ostream>
#include <string>

#include "config/settings.hpp"

namespace gp::app {

/// `guardpress user add --role ROLE --name NAME`: prints the one-time password once.
int add_user(const std::filesystem::path& data_dir, const config::Settings& settings,
             const std::string& name, const std::string& role, std::ostream& out);
/// `guardpress user disable|enable|unlock|reset-mfa --name NAME`.
int change_user(const std::filesystem::path& data_dir, const config::Settings& settings,
                const std::string& action, const std::string& name, std::ostream& out);
/// `guardpress user list`.
int list_users(const std::filesystem::path& data_dir, const config::Settings& settings,
               std::ostream& out);
/// `guardpress audit verify`: 0 when the chain is whole, 1 naming the first broken record.
int verify_audit(const std::filesystem::path& data_dir, const config::Settings& settings,
                 std::ostream& out);

}  // namespace gp::app
