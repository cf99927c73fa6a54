#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "content/gumbo_fragment.hpp"
#include "content/html_depth.hpp"

// The promise open_element_bound makes (content/html_depth.hpp): gumbo never builds a tree much
// deeper than the bound, so checking the bound first keeps gumbo's work linear. Inputs with <svg>
// or <math> are skipped: after them the bound counts every start tag, which bounds anything.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (std::size_t i = 0; i + 4 <= input.size(); ++i) {
        const auto lower = [&](std::size_t k) { return static_cast<char>(input[i + k] | 0x20); };
        if (input[i] == '<' && ((lower(1) == 's' && lower(2) == 'v' && lower(3) == 'g') ||
                                (lower(1) == 'm' && lower(2) == 'a' && lower(3) == 't'))) {
            return 0;
        }
    }
    const std::size_t bound = gp::content::open_element_bound(input, 100'000);
    if (bound > 2'000) return 0;  // gumbo's own cost is what the bound exists to avoid
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_DIV;
    options.max_errors = 0;
    const gp::content::GumboDocument tree(
        gumbo_parse_with_options(&options, input.data(), input.size()));
    const std::size_t depth = gp::content::element_depth(*tree->root);
    if (depth > 3 * bound + 3) {
        std::fprintf(stderr, "gumbo built %zu levels where the bound is %zu\ninput: %.*s\n", depth,
                     bound, static_cast<int>(input.size()), input.data());
        std::abort();
    }
    return 0;
}
