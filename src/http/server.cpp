#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <random>
#include <span>
#include <tuple>

namespace gp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool is_normal_close(const boost::system::error_code& ec) {
    return ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
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

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    asio::io_context& io;
    asio::thread_pool& workers;
    ServerLimits limits;
    Dispatch dispatch;
    RejectPage reject;
    FastPath fast_path;
    // The acceptor lives on its own strand: accepting and closing never run at once.
    tcp::acceptor acceptor;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> busy{0};

    Impl(asio::io_context& io_, asio::thread_pool& workers_, ServerLimits limits_,
         Dispatch dispatch_, RejectPage reject_)
        : io(io_),
          workers(workers_),
          limits(limits_),
          dispatch(std::move(dispatch_)),
          reject(std::move(reject_)),
          acceptor(asio::make_strand(io_)) {}

    asio::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        while (acceptor.is_open()) {
            // Each connection gets its own strand so one connection never runs on two threads.
            auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), kTuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
                log_io_failure(ec, "accept");
                continue;
            }
            auto executor = socket.get_executor();
            asio::co_spawn(executor, session(beast::tcp_stream(std::move(socket))), asio::detached);
        }
    }

    asio::awaitable<void> write(beast::tcp_stream& stream, Response& res, bool keep_alive,
                                bool head) {
        res.version(11);
        res.keep_alive(keep_alive);
        res.prepare_payload();
        stream.expires_after(limits.write_timeout);
        if (head) {
            // HEAD: the headers a GET would send (Content-Length included), no body.
            beast::http::response_serializer<beast::http::string_body> sr{res};
            auto [ec, n] = co_await beast::http::async_write_header(stream, sr, kTuple);
            log_io_failure(ec, "write");
        } else {
            auto [ec, n] = co_await beast::http::async_write(stream, res, kTuple);
            log_io_failure(ec, "write");
        }
    }

    asio::awaitable<void> write_prepared(beast::tcp_stream& stream, PreparedResponse& res) {
        std::array<asio::const_buffer, 5> buffers{asio::buffer(res.head)};
        std::size_t n = 1;
        for (auto part : res.body) {
            if (!part.empty()) buffers[n++] = asio::buffer(part.data(), part.size());
        }
        stream.expires_after(limits.write_timeout);
        auto [ec, written] = co_await asio::async_write(
            stream, std::span<const asio::const_buffer>(buffers.data(), n), kTuple);
        log_io_failure(ec, "write");
    }

    asio::awaitable<void> session(beast::tcp_stream stream) {
        auto self = shared_from_this();
        boost::system::error_code ep_ec;
        const auto remote = stream.socket().remote_endpoint(ep_ec);
        const std::string client_ip = ep_ec ? std::string{} : remote.address().to_string();
        beast::flat_buffer buffer;
        bool first = true;
        for (;;) {
            beast::http::request_parser<beast::http::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
            // Beast checks a Content-Length against the limit while reading the header, so the
            // upload route's larger limit is set first and the small one put back for every
            // other request before its body is read.
            parser.body_limit(std::max(limits.body_limit, limits.upload_body_limit));
            // An idle keep-alive connection may wait longer for its next request than a
            // request may take to arrive once started; both are bounded.
            stream.expires_after(first || buffer.size() > 0 ? limits.read_timeout
                                                            : limits.idle_timeout);
            first = false;
            auto [ec, n] = co_await beast::http::async_read_header(stream, buffer, parser, kTuple);
            if (!ec && !parser.is_done()) {
                const auto& head = parser.get();
                const auto target = head.target();
                const bool upload = limits.upload_body_limit > 0 &&
                                    head.method() == beast::http::verb::post &&
                                    target.substr(0, target.find('?')) == limits.upload_path;
                if (!upload) {
                    parser.body_limit(limits.body_limit);
                    const auto length = parser.content_length();
                    if (length && *length > limits.body_limit) ec = beast::http::error::body_limit;
                }
                if (!ec) {
                    std::tie(ec, n) =
                        co_await beast::http::async_read(stream, buffer, parser, kTuple);
                }
            }
            RequestContext ctx;
            ctx.request_id = new_request_id();
            ctx.client_ip = client_ip;
            ctx.started = std::chrono::steady_clock::now();
            if (ec) {
                Status status = Status::bad_request;
                if (ec == beast::http::error::header_limit) {
                    status = Status::request_header_fields_too_large;
                } else if (ec == beast::http::error::body_limit) {
                    status = Status::payload_too_large;
                } else if (is_normal_close(ec) || ec == beast::http::error::partial_message) {
                    break;
                }
                Response res = reject(status, ctx);
                spdlog::info("{} {} - - {} (rejected: {})", ctx.request_id, client_ip,
                             static_cast<unsigned>(status), ec.message());
                co_await write(stream, res, false, false);
                break;
            }
            ++busy;
            struct Answered {
                std::atomic<std::size_t>& busy;
                ~Answered() { --busy; }
            } answered{busy};
            Request req = parser.release();
            const bool keep_alive = req.keep_alive();
            const bool head = req.method() == beast::http::verb::head;
            if (fast_path) {
                PreparedResponse prepared;
                prepared.close = !keep_alive || stopping;
                if (fast_path(req, ctx, prepared)) {
                    co_await write_prepared(stream, prepared);
                    if (prepared.close) break;
                    continue;
                }
            }
            // The handler may block on the store, so it runs on the worker pool; the
            // coroutine resumes here, on the connection's strand, when it is done.
            Response res = co_await asio::co_spawn(
                workers, [&]() -> asio::awaitable<Response> { co_return dispatch(req, ctx); },
                asio::use_awaitable);
            co_await write(stream, res, keep_alive, head);
            if (!keep_alive || stopping) break;
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
};

Server::Server(asio::io_context& io, asio::thread_pool& workers, ServerLimits limits,
               Dispatch dispatch, RejectPage reject)
    : impl_(std::make_shared<Impl>(io, workers, limits, std::move(dispatch), std::move(reject))) {}

tcp::endpoint Server::listen(const std::string& host, unsigned short port) {
    const tcp::endpoint endpoint{asio::ip::make_address(host), port};
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    return acceptor.local_endpoint();
}

void Server::set_fast_path(FastPath fast_path) { impl_->fast_path = std::move(fast_path); }

void Server::start() { asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached); }

void Server::stop_accepting() {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
}

std::size_t Server::requests_in_flight() const { return impl_->busy; }

}  // namespace gp::http
