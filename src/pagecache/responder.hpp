#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/server.hpp"
#include "pagecache/accept_encoding.hpp"
#include "pagecache/page_cache.hpp"

namespace gp::pagecache {

/// How one request is answered from a kept page: chosen once, then written either as final
/// bytes (the I/O thread) or as a Beast response (a worker), so both answers are the same.
struct Answer {
    bool not_modified = false;  ///< If-None-Match named the page's ETag: a 304
    Encoding encoding = Encoding::identity;
};

/// The answer for `req`: 304 when its validator matches, else the best encoding it accepts.
Answer choose(const CachedPage& page, const http::Request& req);

/// Writes the answer into `out` (status line, headers, Content-Length, the request id, the
/// connection header `out.close` asks for, and the body pieces with `view_text` in the view
/// slot). Returns the status written.
unsigned prepare(const CachedPage& page, Answer answer, std::string_view view_text,
                 const http::Request& req, std::string_view request_id,
                 http::PreparedResponse& out);

/// The same answer as a Beast response; the caller stamps the request id.
http::Response respond(const CachedPage& page, Answer answer, std::string_view view_text);

/// A rendered 200 made into a page to keep: the headers every request shares (not the
/// per-request ones), the bytes with `slot_marker` as the view slot, the page's facts.
std::shared_ptr<const CachedPage> keep(http::Response&& res, const http::CacheablePage& facts,
                                       std::string slot_marker, std::chrono::seconds expires_at);

/// For a page that is not kept (an odd query string, say): the count goes straight into the
/// bytes where the slot marker stands.
void fill_slot(std::string& body, std::string_view slot_marker, std::string_view view_text);

}  // namespace gp::pagecache
