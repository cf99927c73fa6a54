#include "http/session.hpp"

#include <fmt/format.h>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <random>

namespace gp::http::session_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

bool is_normal_close(const boost::system::error_code& ec) {
    return ec == beast_http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::operation_aborted || ec == beast::error::timeout ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

void log_io_failure(const boost::system::error_code& ec, std::string_view what) {
    if (!ec || is_normal_close(ec)) return;
    spdlog::warn("io: {}: {}", what, ec.message());
}

std::string new_request_id() {
    // A random per-process prefix keeps ids unique across restarts and nodes; the counter keeps
    // them cheap.
    static const std::string prefix = [] {
        std::random_device rd;
        return fmt::format("{:08x}", rd());
    }();
    static std::atomic<std::uint64_t> counter{0};
    return fmt::format("{}-{:x}", prefix, ++counter);
}

std::optional<Status> status_for_read_error(const boost::system::error_code& ec) {
    if (is_normal_close(ec) || ec == beast_http::error::partial_message) return std::nullopt;
    if (ec == beast_http::error::header_limit) return Status::request_header_fields_too_large;
    if (ec == beast_http::error::body_limit) return Status::payload_too_large;
    // Any other parser error is the client's malformed request; an error of the stream itself
    // means the connection is gone and an answer could not be delivered.
    static const auto& parse_errors =
        beast_http::make_error_code(beast_http::error::bad_method).category();
    if (ec.category() == parse_errors) return Status::bad_request;
    return std::nullopt;
}

bool transfer_encoding_acceptable(const beast_http::fields& head) {
    const auto [begin, end] = head.equal_range(Field::transfer_encoding);
    if (begin == end) return true;
    if (std::next(begin) != end) return false;
    auto value = begin->value();
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    return beast::iequals(value, "chunked");
}

}  // namespace gp::http::session_detail
