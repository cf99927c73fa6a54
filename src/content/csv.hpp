#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gp::content {

/// One CSV cell (RFC 4180 quoting). A value a spreadsheet would run as a formula (=, +, -, @,
/// tab, CR first) is prefixed with ' so an export cannot carry code into Excel.
std::string csv_cell(std::string_view value);

/// One CSV record of csv_cell()s, ended by CRLF (RFC 4180).
std::string csv_row(std::span<const std::string> cells);

}  // namespace gp::content
