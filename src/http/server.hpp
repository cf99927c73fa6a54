#pragma once

#include <array>
#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/request_limits.hpp"

namespace gp::http {

/// Limits every request shares; the body limit depends on the request (RequestLimits).
struct ServerLimits {
    std::size_t header_limit = 8 * 1024;
    /// Time allowed to receive one whole request once its first byte may arrive.
    std::chrono::seconds read_timeout{15};
    /// Time a keep-alive connection may sit idle between requests.
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds write_timeout{30};
};

/// Turns a parsed request into a response; runs on the worker pool, so it may block on the store.
using Dispatch = std::function<Response(Request&, RequestContext&)>;

/// A response already in its final bytes (a cached page): the status line and headers, then up
/// to four body pieces. `owner` keeps what the pieces point into alive until the write is done;
/// `scratch` holds bytes made for this one request.
struct PreparedResponse {
    std::string head;
    std::array<std::string_view, 4> body{};
    std::array<std::string, 2> scratch;
    std::shared_ptr<const void> owner;
    bool close = false;  ///< close the connection after writing
};

/// Answers a request from memory on the I/O thread, or returns false to send it to a worker. It
/// must never block (no store, no file).
using FastPath = std::function<bool(const Request&, RequestContext&, PreparedResponse&)>;

/// Builds the response for a request the transport rejected before dispatch (431, 413, 400).
using RejectPage = std::function<Response(Status, RequestContext&)>;

struct SessionShared;

/// HTTP/1.1 over Beast: accepts TCP connections and runs one session (http/session.hpp) per
/// connection: limits and deadlines set before every read, one request in flight per connection
/// (pipelined requests wait in the buffer, which bounds them), handlers on a separate worker pool
/// so a slow store never stalls the I/O threads. `limits_for` gives each request's body limit.
class Server {
public:
    Server(boost::asio::io_context& io, boost::asio::thread_pool& workers, ServerLimits limits,
           LimitsFor limits_for, Dispatch dispatch, RejectPage reject);

    /// Binds and listens; throws std::system_error when the address is taken or invalid.
    boost::asio::ip::tcp::endpoint listen(const std::string& host, unsigned short port);
    /// Installs the I/O-thread answer for cached pages; call before start().
    void set_fast_path(FastPath fast_path);
    /// Starts accepting on the io_context.
    void start();
    /// Stops accepting; open connections finish the request they are on.
    void stop_accepting();
    /// Requests read but not yet answered; shutdown waits for these, not for idle connections.
    std::size_t requests_in_flight() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace gp::http
