#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "config/settings.hpp"

namespace gp::app {

/// `guardpress leads list`: the newest leads with masked numbers.
int list_leads(const std::filesystem::path& data_dir, const config::Settings& settings,
               std::int64_t limit, std::ostream& out);

/// `guardpress leads export --csv`: every lead as CSV. Full numbers only with `full_numbers`;
/// each use is logged (who ran it is the operator's shell account).
int export_leads_csv(const std::filesystem::path& data_dir, const config::Settings& settings,
                     bool full_numbers, std::ostream& out);

}  // namespace gp::app
