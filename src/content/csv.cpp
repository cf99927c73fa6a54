#include "content/csv.hpp"

namespace gp::content {

std::string csv_cell(std::string_view value) {
    std::string cell;
    if (!value.empty() &&
        (value.front() == '=' || value.front() == '+' || value.front() == '-' ||
         value.front() == '@' || value.front() == '\t' || value.front() == '\r')) {
        cell += '\'';
    }
    cell += value;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace gp::content
