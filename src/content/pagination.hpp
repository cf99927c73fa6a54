#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "content/error.hpp"

namespace gp::content {

struct Pagination {
    std::int64_t page = 1;
    std::int64_t per_page = 20;
    std::int64_t total = 0;

    std::int64_t pages() const { return total == 0 ? 1 : (total + per_page - 1) / per_page; }
    std::int64_t offset() const { return (page - 1) * per_page; }
    bool has_prev() const { return page > 1; }
    bool has_next() const { return page < pages(); }
};

/// Reads the `page` query value. Absent means 1; anything but a positive decimal integer
/// (0, -1, 1.5, "abc", "1e3", "+2", 20 digits) is a bad request.
Result<std::int64_t> parse_page_number(std::optional<std::string_view> raw);

/// A page number past the last page is not found; page 1 of an empty list exists.
Result<Pagination> paginate(std::int64_t page, std::int64_t per_page, std::int64_t total);

}  // namespace gp::content
