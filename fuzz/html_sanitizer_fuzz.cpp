#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "content/html_sanitizer.hpp"
#include "content/html_text.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, std::string_view output) {
    std::fprintf(stderr, "%s\ninput:  %.*s\noutput: %.*s\n", what, static_cast<int>(input.size()),
                 input.data(), static_cast<int>(output.size()), output.data());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string output = gp::content::sanitize_html(input);
    if (gp::content::sanitize_html(output) != output) fail("not idempotent", input, output);
    if (gp::content::is_valid_utf8(input) && !gp::content::is_valid_utf8(output)) {
        fail("valid UTF-8 in, invalid UTF-8 out", input, output);
    }
    // The summary shown on list pages is built from the same output, so check its promises too.
    const std::string summary = gp::content::summarize(gp::content::html_to_text(output), 40);
    if (gp::content::utf8_length(summary) > 40 || !gp::content::is_valid_utf8(summary)) {
        fail("summary over budget or not UTF-8", input, summary);
    }
    return 0;
}
