#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

namespace gp::app {

class App;

/// Runs an App's HTTP server on its own threads; used by `serve` and by the in-process tests.
class ServerRunner {
public:
    explicit ServerRunner(App& app);
    ~ServerRunner();

    /// Binds (port 0 picks a free one), starts the I/O and worker threads and the view flusher.
    /// Throws std::system_error when the address cannot be bound.
    boost::asio::ip::tcp::endpoint start(const std::string& host, unsigned short port);
    /// Blocks until SIGTERM or SIGINT, then stops.
    void wait_for_signal();
    /// Stops accepting, lets open requests finish (bounded), flushes views, joins threads.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gp::app
