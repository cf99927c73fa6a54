// Hostile article bodies: how long render_body takes on 2 MB of each kind of markup that nests,
// closes nothing or makes the parser reopen elements, beside real-looking long bodies. Prints a
// Markdown table for docs/benchmarks.md. Usage: gp_body_bench
#include <fmt/format.h>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/article_body.hpp"

namespace {

std::string repeated(std::string_view unit, std::size_t bytes) {
    std::string out;
    while (out.size() + unit.size() <= bytes) out += unit;
    return out;
}

}  // namespace

int main() {
    using namespace gp::content;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"`<div>` nested", repeated("<div>", kMaxBodyBytes)},
        {"`<x/>` (self-closed, not void)", repeated("<x/>", kMaxBodyBytes)},
        {"`<b></i>` (stray end tags)", repeated("<b></i>", kMaxBodyBytes)},
        {"`<a<a` (no tag ends)", repeated("<a", kMaxBodyBytes)},
        {"`<div><b></div>x` (reopened formatting)", repeated("<div><b></div>x", kMaxBodyBytes)},
        {"`<p>` left open", repeated("<p>段落", kMaxBodyBytes)},
        {"`<li>` left open", "<ul>" + repeated("<li>条目", kMaxBodyBytes - 4)},
        {"199 `<div>` then `<span></span>`",
         repeated("<div>", 199 * 5) + repeated("<span></span>", kMaxBodyBytes - 199 * 5)},
        {"paragraphs of text", repeated("<p>网络安全等级保护测评的主要内容。</p>", kMaxBodyBytes)},
    };
    fmt::print("| 2 MB body | result | render_body (ms) |\n|---|---|---|\n");
    for (const auto& [name, body] : cases) {
        const auto start = std::chrono::steady_clock::now();
        const auto result = render_body(body, BodyFormat::html);
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        fmt::print("| {} | {} | {:.0f} |\n", name,
                   result ? fmt::format("{} bytes kept", result->size()) : result.error().detail,
                   took.count());
    }
}
