// libFuzzer target: the JSON import validator must answer every input with a document or an
// error naming a path, never crash, and its errors must be valid UTF-8 (they reach a terminal).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "content/html_text.hpp"
#include "content/import_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    gp::content::ImportContext context{[](std::string_view slug) { return slug == "news"; },
                                       [](std::int64_t id) { return id == 1; },
                                       gp::content::Time{std::chrono::seconds{1767225600}}};
    const auto result = gp::content::parse_import_document(input, context);
    if (const auto* error = std::get_if<gp::content::ImportError>(&result)) {
        if (error->reason.empty()) std::abort();
    } else {
        for (const auto& a : std::get<gp::content::ImportDocument>(result).articles) {
            if (!gp::content::is_valid_utf8(a.title) || a.title.empty()) std::abort();
        }
    }
    return 0;
}
