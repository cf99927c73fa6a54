#include "notify/http_post.hpp"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace gp::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

template <class Stream>
std::string exchange(Stream& stream, http::request<http::string_body>& req) {
    beast::error_code ec;
    http::write(stream, req, ec);
    if (ec) return "sending: " + ec.message();
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);
    http::read(stream, buffer, parser, ec);
    if (ec) return "reading the answer: " + ec.message();
    const auto status = parser.get().result_int();
    if (status < 200 || status > 299) return fmt::format("the receiver answered {}", status);
    return {};
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

    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(host, port, ec);
    if (ec) return "resolving " + host + ": " + ec.message();
    if (scheme == "http") {
        beast::tcp_stream stream(io);
        stream.expires_after(timeout);
        stream.connect(endpoints, ec);
        if (ec) return "connecting to " + host + ": " + ec.message();
        return exchange(stream, req);
    }
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths(ec);
    if (ec) return "loading CA certificates: " + ec.message();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
        return "setting the TLS server name failed";
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    beast::get_lowest_layer(stream).connect(endpoints, ec);
    if (ec) return "connecting to " + host + ": " + ec.message();
    stream.handshake(asio::ssl::stream_base::client, ec);
    if (ec) return "TLS handshake with " + host + ": " + ec.message();
    return exchange(stream, req);
}

}  // namespace gp::notify
