#include "pagecache/responder.hpp"

#include <boost/beast/core/string.hpp>

#include "http/etag.hpp"

namespace gp::pagecache {
namespace {

/// Worth compressing: text of any kind (HTML, XML feeds, CSS, JS, SVG, JSON).
bool compressible(std::string_view content_type) {
    return content_type.starts_with("text/") || content_type.find("xml") != std::string::npos ||
           content_type.find("javascript") != std::string::npos ||
           content_type.find("json") != std::string::npos;
}

/// Headers a kept page does not keep: per request, or set from the kept bytes.
bool per_request_field(http::Field f, std::string_view name) {
    using F = http::Field;
    return f == F::content_length || f == F::content_encoding || f == F::etag || f == F::vary ||
           f == F::connection || f == F::transfer_encoding || f == F::date || f == F::set_cookie ||
           boost::beast::iequals(name, "X-Request-Id");
}

std::string_view head_of(const CachedPage& page, Answer answer) {
    return answer.not_modified ? page.head_not_modified
                               : page.head[static_cast<std::size_t>(answer.encoding)];
}

}  // namespace

Answer choose(const CachedPage& page, const http::Request& req) {
    // The kept ETag is weak ("W/…"); the comparison is on the opaque tag.
    if (http::etag_matches(req[http::Field::if_none_match],
                           std::string_view(page.etag).substr(2))) {
        return Answer{true, Encoding::identity};
    }
    return Answer{false,
                  choose_encoding(req[http::Field::accept_encoding], page.body.has(Encoding::gzip),
                                  page.body.has(Encoding::br))};
}

unsigned prepare(const CachedPage& page, Answer answer, std::string_view view_text,
                 const http::Request& req, std::string_view request_id,
                 http::PreparedResponse& out) {
    const auto head = head_of(page, answer);
    out.head.reserve(head.size() + 128);
    out.head = head;
    if (!answer.not_modified) {
        page.body.pieces(answer.encoding, view_text, out.body, out.scratch);
        std::size_t length = 0;
        for (auto part : out.body) length += part.size();
        out.head += "Content-Length: ";
        out.head += std::to_string(length);
        out.head += "\r\n";
        if (req.method() == http::Verb::head) out.body = {};
    }
    out.head += "X-Request-Id: ";
    out.head += request_id;
    out.head += "\r\n";
    if (out.close) {
        out.head += "Connection: close\r\n";
    } else if (req.version() == 10) {
        out.head += "Connection: keep-alive\r\n";
    }
    out.head += "\r\n";
    return answer.not_modified ? 304 : 200;
}

http::Response respond(const CachedPage& page, Answer answer, std::string_view view_text) {
    http::Response res{answer.not_modified ? http::Status::not_modified : http::Status::ok, 11};
    auto head = head_of(page, answer);
    head.remove_prefix(head.find("\r\n") + 2);  // the status line
    while (!head.empty()) {
        const auto eol = head.find("\r\n");
        const auto line = head.substr(0, eol);
        const auto colon = line.find(": ");
        res.set(line.substr(0, colon), line.substr(colon + 2));
        head.remove_prefix(eol + 2);
    }
    if (!answer.not_modified) {
        BodyPieces pieces;
        page.body.pieces(answer.encoding, view_text, pieces);
        res.body() = pieces.joined();
    }
    return res;
}

std::shared_ptr<const CachedPage> keep(http::Response&& res, const http::CacheablePage& facts,
                                       std::string slot_marker, std::chrono::seconds expires_at) {
    PageSource source;
    static_cast<http::PageFacts&>(source) = facts;
    source.body = std::move(res.body());
    if (facts.view_article != 0) source.slot_marker = std::move(slot_marker);
    for (const auto& field : res) {
        if (per_request_field(field.name(), field.name_string())) continue;
        source.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    source.etag = std::string(res[http::Field::etag]);
    source.compress = compressible(res[http::Field::content_type]);
    source.expires_at = expires_at;
    return std::make_shared<const CachedPage>(std::move(source));
}

void fill_slot(std::string& body, std::string_view slot_marker, std::string_view view_text) {
    if (slot_marker.empty()) return;
    if (const auto at = body.find(slot_marker); at != std::string::npos) {
        body.replace(at, slot_marker.size(), view_text);
    }
}

}  // namespace gp::pagecache
