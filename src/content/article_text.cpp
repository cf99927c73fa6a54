#include "content/article_text.hpp"

#include "content/html_sanitizer.hpp"
#include "content/html_text.hpp"

namespace gp::content {

PreparedBody prepare_body(std::string_view untrusted_html,
                          const std::optional<std::string>& summary) {
    PreparedBody out;
    out.body_html = sanitize_html(untrusted_html);
    if (summary && summary->find_first_not_of(" \t\r\n") != std::string::npos) {
        out.summary = html_to_text(*summary);
    } else {
        out.summary = summarize(html_to_text(out.body_html), kSummaryChars);
    }
    return out;
}

}  // namespace gp::content
