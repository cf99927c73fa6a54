#include "notify/http_post.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <exception>
#include <optional>

namespace gp::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

struct Deadline {
    std::chrono::steady_clock::time_point at;
    std::chrono::seconds length;
};

std::string failed(const std::string& step, const beast::error_code& ec, const Deadline& d) {
    if (ec == beast::error::timeout) {
        return fmt::format("{}: timed out (notify deadline {} s)", step, d.length.count());
    }
    return step + ": " + ec.message();
}

// Blocking Beast calls ignore tcp_stream's expiry, so a receiver that accepts and never
// answers would hold the worker forever; only the asynchronous operations honour it.
template <class Stream>
asio::awaitable<std::string> exchange(Stream& stream, http::request<http::string_body>& req,
                                      const Deadline& deadline) {
    auto [wec, written] = co_await http::async_write(stream, req, kAwait);
    if (wec) co_return failed("sending", wec, deadline);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);
    auto [rec, read] = co_await http::async_read(stream, buffer, parser, kAwait);
    if (rec) co_return failed("reading the answer", rec, deadline);
    const auto status = parser.get().result_int();
    if (status < 200 || status > 299) co_return fmt::format("the receiver answered {}", status);
    co_return std::string{};
}

asio::awaitable<std::string> post(asio::io_context& io, std::string scheme, std::string host,
                                  std::string port, http::request<http::string_body> req,
                                  Deadline deadline) {
    tcp::resolver resolver(io);
    auto [ec, endpoints] = co_await resolver.async_resolve(host, port, kAwait);
    if (ec) co_return "resolving " + host + ": " + ec.message();
    if (scheme == "http") {
        beast::tcp_stream stream(io);
        // One absolute expiry for every step, so slow steps cannot add up past the deadline.
        stream.expires_at(deadline.at);
        auto [cec, peer] = co_await stream.async_connect(endpoints, kAwait);
        if (cec) co_return failed("connecting to " + host, cec, deadline);
        co_return co_await exchange(stream, req, deadline);
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths(ec);
    if (ec) co_return "loading CA certificates: " + ec.message();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
        co_return "setting the TLS server name failed";
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    auto& socket = beast::get_lowest_layer(stream);
    socket.expires_at(deadline.at);
    auto [cec, peer] = co_await socket.async_connect(endpoints, kAwait);
    if (cec) co_return failed("connecting to " + host, cec, deadline);
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kAwait);
    if (hec) co_return failed("TLS handshake with " + host, hec, deadline);
    co_return co_await exchange(stream, req, deadline);
}

}  // namespace

std::string post_json(const std::string& url, const std::string& body,
                      std::chrono::seconds timeout) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || !parsed->has_authority()) return "not an absolute URL";
    const std::string scheme(parsed->scheme());
    if (scheme != "http" && scheme != "https") return "only http and https URLs are supported";
    const std::string host(parsed->encoded_host());
    const std::string port =
        parsed->has_port() ? std::string(parsed->port()) : (scheme == "https" ? "443" : "80");
    std::string target(parsed->encoded_resource());
    if (target.empty()) target = "/";

    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, parsed->encoded_host_and_port());
    req.set(http::field::user_agent, "GuardPress");
    req.set(http::field::content_type, "application/json; charset=utf-8");
    req.body() = body;
    req.prepare_payload();

    const Deadline deadline{std::chrono::steady_clock::now() + timeout, timeout};
    asio::io_context io;
    std::optional<std::string> outcome;
    std::exception_ptr bug;
    asio::co_spawn(io, post(io, scheme, host, port, std::move(req), deadline),
                   [&](std::exception_ptr e, std::string result) {
                       bug = e;
                       outcome = std::move(result);
                   });
    // Ends when the exchange does: the stream's expiry ends every network step at the deadline.
    // Name resolution is the exception, bounded by the system resolver's own time-outs.
    io.run();
    if (bug) std::rethrow_exception(bug);
    return outcome.value_or("the exchange did not finish");
}

}  // namespace gp::notify
