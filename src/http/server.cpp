#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/session.hpp"

namespace gp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    asio::io_context& io;
    std::shared_ptr<SessionShared> shared;
    // The acceptor lives on its own strand: accepting and closing never run at once.
    tcp::acceptor acceptor;

    Impl(asio::io_context& io_, std::shared_ptr<SessionShared> shared_)
        : io(io_), shared(std::move(shared_)), acceptor(asio::make_strand(io_)) {}

    asio::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        while (acceptor.is_open()) {
            // Each connection gets its own strand so one connection never runs on two threads.
            auto [ec, socket] =
                co_await acceptor.async_accept(asio::make_strand(io), session_detail::kTuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
                session_detail::log_io_failure(ec, "accept");
                continue;
            }
            boost::system::error_code ep_ec;
            const auto remote = socket.remote_endpoint(ep_ec);
            std::string client_ip = ep_ec ? std::string{} : remote.address().to_string();
            auto executor = socket.get_executor();
            asio::co_spawn(
                executor,
                run_session(beast::tcp_stream(std::move(socket)), shared, std::move(client_ip)),
                asio::detached);
        }
    }
};

Server::Server(asio::io_context& io, asio::thread_pool& workers, ServerLimits limits,
               LimitsFor limits_for, Dispatch dispatch, RejectPage reject)
    : impl_(std::make_shared<Impl>(
          io, std::make_shared<SessionShared>(workers, limits, std::move(limits_for),
                                              std::move(dispatch), std::move(reject)))) {}

tcp::endpoint Server::listen(const std::string& host, unsigned short port) {
    const tcp::endpoint endpoint{asio::ip::make_address(host), port};
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    return acceptor.local_endpoint();
}

void Server::set_fast_path(FastPath fast_path) { impl_->shared->fast_path = std::move(fast_path); }

void Server::start() { asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached); }

void Server::stop_accepting() {
    // A connection finishing its request now answers "Connection: close" instead of waiting
    // for another request that shutdown would cut.
    impl_->shared->stopping = true;
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
}

std::size_t Server::requests_in_flight() const { return impl_->shared->busy; }

}  // namespace gp::http
