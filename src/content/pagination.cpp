#include "content/pagination.hpp"

namespace gp::content {

Result<std::int64_t> parse_page_number(std::optional<std::string_view> raw) {
    if (!raw) return std::int64_t{1};
    const auto bad = [&] {
        return make_error(Errc::bad_request, "页码必须是正整数，例如 ?page=2。",
                          "bad page parameter");
    };
    if (raw->empty() || raw->size() > 9) return bad();
    std::int64_t value = 0;
    for (char c : *raw) {
        if (c < '0' || c > '9') return bad();
        value = value * 10 + (c - '0');
    }
    if (value < 1) return bad();
    return value;
}

Result<Pagination> paginate(std::int64_t page, std::int64_t per_page, std::int64_t total) {
    Pagination p{page, per_page, total};
    if (page > p.pages()) {
        return make_error(Errc::not_found,
                          "没有这一页：列表共 " + std::to_string(p.pages()) + " 页。",
                          "page past the end");
    }
    return p;
}

}  // namespace gp::content
