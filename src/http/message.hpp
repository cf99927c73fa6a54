#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gp::http {

namespace beast_http = boost::beast::http;

using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Status = beast_http::status;
using Field = beast_http::field;
using Verb = beast_http::verb;

/// What a kept page stands for besides its bytes: what it shows (so a change can drop it) and
/// what each answer from it counts. Declared once; the page cache's types carry it too.
struct PageFacts {
    /// What the page shows (pagecache::depends names); a change to any of them drops it.
    std::vector<std::string> depends_on;
    std::int64_t view_article = 0;  ///< an article page: whose count fills the view slot
    std::int64_t view_base = 0;     ///< the count shown is view_base + the counter's total
    /// A search page: the query each answer from the cache counts, as a render would (empty
    /// for pages that count nothing), and how many results it had.
    std::string counted_query = {};
    std::int64_t counted_results = 0;
};

/// What a handler says about a page the page cache may keep (docs/design.md "Page cache").
struct CacheablePage : PageFacts {
    /// The page's one canonical request target: only a request for exactly this target fills
    /// the cache, so odd query strings cannot fill memory with copies.
    std::string target;
};

/// Per-request facts the transport knows and handlers may need; never the socket.
struct RequestContext {
    std::string request_id;
    std::string client_ip;
    std::chrono::steady_clock::time_point started{};
    std::string path;                                        ///< percent-decoded
    std::vector<std::pair<std::string, std::string>> query;  ///< decoded, in order
    std::optional<CacheablePage> cacheable;                  ///< set by the handler

    /// The first value of a query parameter, or nullopt.
    std::optional<std::string_view> query_value(std::string_view name) const {
        for (const auto& [k, v] : query) {
            if (k == name) return std::string_view{v};
        }
        return std::nullopt;
    }
};

/// A response with a body and content type, version and keep-alive left to the server.
inline Response make_response(Status status, std::string_view content_type, std::string body) {
    Response res{status, 11};
    res.set(Field::content_type, content_type);
    res.body() = std::move(body);
    return res;
}

inline Response make_redirect(Status status, std::string_view location) {
    Response res{status, 11};
    res.set(Field::location, location);
    res.set(Field::content_type, "text/plain; charset=utf-8");
    res.body() = std::string(location) + "\n";
    return res;
}

}  // namespace gp::http
