#include "content/article_text.hpp"

#include "content/html_sanitizer.hpp"
#include "content/html_text.hpp"

namespace gp::content {
namespace {

/// Removes <h1>…</h6> elements from sanitised HTML, which our own sanitiser serialises
/// canonically (lower-case tags, no attributes on headings beyond title/lang/dir), so a plain
/// scan is exact. Headings make poor summaries ("一、背景 …"); the paragraphs say what it is about.
std::string without_headings(std::string_view html) {
    std::string out;
    std::size_t pos = 0;
    while (pos < html.size()) {
        const auto open = html.find("<h", pos);
        if (open == std::string_view::npos || open + 2 >= html.size() || html[open + 2] < '1' ||
            html[open + 2] > '6') {
            const auto next = open == std::string_view::npos ? html.size() : open + 2;
            out.append(html.substr(pos, next - pos));
            pos = next;
            continue;
        }
        const std::string close = std::string("</h") + html[open + 2] + ">";
        const auto end = html.find(close, open);
        if (end == std::string_view::npos) {
            out.append(html.substr(pos));
            break;
        }
        out.append(html.substr(pos, open - pos));
        out += ' ';
        pos = end + close.size();
    }
    return out;
}

}  // namespace

PreparedBody prepare_body(std::string_view untrusted_html,
                          const std::optional<std::string>& summary) {
    PreparedBody out;
    out.body_html = sanitize_html(untrusted_html);
    if (summary && summary->find_first_not_of(" \t\r\n") != std::string::npos) {
        out.summary = html_to_text(*summary);
    } else {
        auto text = html_to_text(without_headings(out.body_html));
        // A body of headings only still deserves a summary.
        if (text.empty()) text = html_to_text(out.body_html);
        out.summary = summarize(text, kSummaryChars);
    }
    return out;
}

}  // namespace gp::content
