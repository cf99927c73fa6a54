#include "http/etag.hpp"

namespace gp::http {

bool etag_matches(std::string_view header, std::string_view etag) {
    if (header == "*") return true;
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto item = header.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == etag) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace gp::http
