#pragma once

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>

#include "http/request_limits.hpp"
#include "http/server.hpp"

namespace gp::http {

/// What every connection of one server shares: the limits, the callbacks and the counters.
/// Sessions hold it by shared_ptr, so it outlives the last connection however the server ends.
struct SessionShared {
    SessionShared(boost::asio::thread_pool& workers_, ServerLimits limits_, LimitsFor limits_for_,
                  Dispatch dispatch_, RejectPage reject_)
        : workers(workers_),
          limits(limits_),
          limits_for(std::move(limits_for_)),
          dispatch(std::move(dispatch_)),
          reject(std::move(reject_)) {}

    boost::asio::thread_pool& workers;
    ServerLimits limits;
    LimitsFor limits_for;
    Dispatch dispatch;
    RejectPage reject;
    FastPath fast_path;  ///< empty: every request goes to a worker
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> busy{0};  ///< requests read but not yet answered
};

namespace session_detail {

/// The peer went away or a deadline passed: the connection ends without a word in the log.
bool is_normal_close(const boost::system::error_code& ec);
/// Logs an I/O failure that is not a normal close.
void log_io_failure(const boost::system::error_code& ec, std::string_view what);
/// A new id, unique across processes, for the access log and the X-Request-Id header.
std::string new_request_id();
/// The status to answer a failed read with, or nullopt when there is nobody to answer (the
/// peer closed, the deadline passed, the stream itself failed).
std::optional<Status> status_for_read_error(const boost::system::error_code& ec);
/// Whether the header frames its body in a way this server reads: no Transfer-Encoding, or one
/// Transfer-Encoding field that is exactly `chunked`. Beast ignores a coding list that does not
/// end in chunked, which would leave the body to be read as the next request.
bool transfer_encoding_acceptable(const beast_http::fields& head);

// Beast's in-memory test stream has no clock and no socket; the TCP stream has both.
template <class Stream>
void set_deadline(Stream& stream, std::chrono::seconds after) {
    if constexpr (requires { stream.expires_after(after); }) stream.expires_after(after);
}

template <class Stream>
void shutdown_send(Stream& stream) {
    if constexpr (requires { stream.socket().shutdown(stream.socket().shutdown_send); }) {
        boost::system::error_code ignored;
        stream.socket().shutdown(stream.socket().shutdown_send, ignored);
    } else {
        stream.close();
    }
}

inline constexpr auto kTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

/// Writes `res`; false when the write failed (the failure is logged).
template <class Stream>
boost::asio::awaitable<bool> write(Stream& stream, const ServerLimits& limits, Response& res,
                                   bool keep_alive, bool head) {
    res.version(11);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    set_deadline(stream, limits.write_timeout);
    if (head) {
        // HEAD: the headers a GET would send (Content-Length included), no body.
        beast_http::response_serializer<beast_http::string_body> sr{res};
        auto [ec, n] = co_await beast_http::async_write_header(stream, sr, kTuple);
        log_io_failure(ec, "write");
        co_return !ec;
    }
    auto [ec, n] = co_await beast_http::async_write(stream, res, kTuple);
    log_io_failure(ec, "write");
    co_return !ec;
}

/// Writes the prepared bytes; false when the write failed (the failure is logged).
template <class Stream>
boost::asio::awaitable<bool> write_prepared(Stream& stream, const ServerLimits& limits,
                                            PreparedResponse& res) {
    namespace asio = boost::asio;
    std::array<asio::const_buffer, 5> buffers{asio::buffer(res.head)};
    std::size_t n = 1;
    for (auto part : res.body) {
        if (!part.empty()) buffers[n++] = asio::buffer(part.data(), part.size());
    }
    set_deadline(stream, limits.write_timeout);
    auto [ec, written] = co_await asio::async_write(
        stream, std::span<const asio::const_buffer>(buffers.data(), n), kTuple);
    log_io_failure(ec, "write");
    co_return !ec;
}

}  // namespace session_detail

/// One HTTP/1.1 connection: reads requests one at a time (pipelined ones wait in the buffer,
/// which the header and body limits bound), sets the deadline and limits before every read, asks
/// `shared.limits_for` for the body limit once the header shows method and target, answers
/// cached pages through the fast path and everything else on the worker pool. Generic over the
/// stream so tests run it over Beast's in-memory stream (docs/adr/0027). Never throws out of
/// the loop for an I/O failure; it ends the connection and logs what is not a normal close.
template <class Stream>
boost::asio::awaitable<void> run_session(Stream stream, std::shared_ptr<SessionShared> shared,
                                         std::string client_ip) {
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    namespace detail = session_detail;
    SessionShared& s = *shared;
    beast::flat_buffer buffer;
    bool first = true;
    for (;;) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(s.limits.header_limit));
        // The body limit depends on the target, so none applies while the header is read (Beast
        // would check Content-Length against it as soon as the header ends); it is set below,
        // before any byte of the body is read.
        parser.body_limit(boost::none);
        // An idle keep-alive connection may wait longer for its next request than a request
        // may take to arrive once started; both are bounded.
        detail::set_deadline(
            stream, first || buffer.size() > 0 ? s.limits.read_timeout : s.limits.idle_timeout);
        first = false;
        auto [ec, n] =
            co_await beast_http::async_read_header(stream, buffer, parser, detail::kTuple);
        if (!ec && !detail::transfer_encoding_acceptable(parser.get())) {
            ec = beast_http::error::bad_transfer_encoding;
        }
        if (!ec && !parser.is_done()) {
            const auto& head = parser.get();
            const auto target = head.target();
            const std::size_t allowed =
                s.limits_for(head.method(), std::string_view{target.data(), target.size()})
                    .body_limit;
            // Checked against Content-Length before the body is read, so a large upload to
            // the wrong place is refused without reading it.
            const auto declared = parser.content_length();
            if (declared && *declared > allowed) {
                ec = beast_http::error::body_limit;
            } else {
                parser.body_limit(allowed);
                std::tie(ec, n) =
                    co_await beast_http::async_read(stream, buffer, parser, detail::kTuple);
            }
        }
        RequestContext ctx;
        ctx.request_id = detail::new_request_id();
        ctx.client_ip = client_ip;
        ctx.started = std::chrono::steady_clock::now();
        if (ec) {
            const auto status = detail::status_for_read_error(ec);
            if (!status) {
                if (ec != beast_http::error::partial_message) detail::log_io_failure(ec, "read");
                break;
            }
            Response res = s.reject(*status, ctx);
            spdlog::info("{} {} - - {} (rejected: {})", ctx.request_id, client_ip,
                         static_cast<unsigned>(*status), ec.message());
            co_await detail::write(stream, s.limits, res, false, false);
            break;
        }
        ++s.busy;
        struct Answered {
            std::atomic<std::size_t>& busy;
            ~Answered() { --busy; }
        } answered{s.busy};
        Request req = parser.release();
        const bool keep_alive = req.keep_alive();
        const bool head = req.method() == beast_http::verb::head;
        if (s.fast_path) {
            PreparedResponse prepared;
            prepared.close = !keep_alive || s.stopping;
            if (s.fast_path(req, ctx, prepared)) {
                // A failed write ends the connection: a pipelined request behind it must not
                // run when its answer cannot be delivered.
                if (!co_await detail::write_prepared(stream, s.limits, prepared)) break;
                if (prepared.close) break;
                continue;
            }
        }
        // The handler may block on the store, so it runs on the worker pool; the coroutine
        // resumes here, on the connection's executor, when it is done.
        Response res = co_await asio::co_spawn(
            s.workers, [&]() -> asio::awaitable<Response> { co_return s.dispatch(req, ctx); },
            asio::use_awaitable);
        // Read after the handler: a stop that came while it ran still closes this connection,
        // and the answer says so.
        const bool keep = keep_alive && !s.stopping;
        if (!co_await detail::write(stream, s.limits, res, keep, head)) break;
        if (!keep) break;
    }
    detail::shutdown_send(stream);
}

}  // namespace gp::http
