#include "app/search_cli.hpp"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <stdexcept>

#include "app/progress_bar.hpp"
#include "content/control_chars.hpp"
#include "content/html_text.hpp"
#include "site/related_refresher.hpp"

namespace gp::app {

namespace {

std::int64_t ms_since(std::chrono::steady_clock::time_point started) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started)
        .count();
}

// Terms and queries are printed escaped: a query is whatever a visitor typed into the search box.
std::string synonym_line(const std::vector<std::string>& group) {
    std::string line;
    for (const auto& t : group) line += (line.empty() ? "" : " = ") + t;
    return content::escape_control_chars(line);
}

}  // namespace

int reindex_search(store::Store& store, std::ostream& out, std::ostream& progress,
                   bool progress_is_terminal) {
    auto started = std::chrono::steady_clock::now();
    const auto done =
        store.search().reindex(progress_bar(progress, progress_is_terminal, "indexing"));
    if (progress_is_terminal) progress << "\n";
    out << "indexed " << done << " articles (" << ms_since(started) << " ms)\n";
    // The lists are made from the index: rebuilt with it, so that no page works one out on
    // the request path afterwards.
    started = std::chrono::steady_clock::now();
    site::RelatedRefresher related(store, nullptr, [] {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    });
    const auto lists = related.refresh_all(progress_bar(progress, progress_is_terminal, "related"));
    if (progress_is_terminal) progress << "\n";
    out << "worked out " << lists << " related-article lists (" << ms_since(started) << " ms)\n";
    return 0;
}

int list_synonyms(store::Store& store, std::ostream& out) {
    for (const auto& group : store.synonyms().list_synonyms()) out << synonym_line(group) << "\n";
    return 0;
}

int add_synonyms(store::Store& store, const std::vector<std::string>& terms, std::ostream& out) {
    if (terms.size() < 2) throw std::invalid_argument("give at least two terms that mean the same");
    for (const auto& t : terms) {
        const auto length = content::utf8_length(t);
        if (!content::is_valid_utf8(t) || length == 0 || length > 32 ||
            t.find_first_of("\"") != std::string::npos || content::strip_control_chars(t) != t) {
            throw std::invalid_argument(
                "not a usable term: \"" + content::escape_control_chars(t) +
                "\" (1 to 32 characters, no quotes, line breaks or control characters)");
        }
    }
    out << synonym_line(store.synonyms().add_synonyms(terms)) << "\n";
    return 0;
}

int list_search_queries(store::Store& store, bool zero_hits, std::int64_t limit,
                        std::ostream& out) {
    const auto rows = zero_hits ? store.search_stats().zero_hit_queries(limit)
                                : store.search_stats().top_queries(limit);
    for (const auto& q : rows) {
        out << fmt::format("{}\t{}\t{}\t{}\n", q.searches, q.no_hit_searches, q.last_results,
                           content::escape_control_chars(q.query));
    }
    return 0;
}

}  // namespace gp::app
