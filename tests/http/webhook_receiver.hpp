#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gp::test {

/// A webhook receiver on 127.0.0.1 for notification tests: records every body it gets and
/// answers with the status the test sets.
class WebhookReceiver {
public:
    explicit WebhookReceiver(unsigned short port = 0) : acceptor_(io_) {
        using boost::asio::ip::tcp;
        const tcp::endpoint endpoint{boost::asio::ip::make_address("127.0.0.1"), port};
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { serve(); });
    }
    ~WebhookReceiver() {
        stopping_ = true;
        // Wake the blocking accept with one connection of our own.
        boost::system::error_code ec;
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket poke(io);
        poke.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
        thread_.join();
    }

    unsigned short port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
    void answer_with(unsigned status) { status_ = status; }

    /// Waits until `n` requests have arrived or the timeout passes; true when they arrived.
    bool wait_for(std::size_t n, std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, timeout, [&] { return bodies_.size() >= n; });
    }
    std::vector<std::string> bodies() {
        std::lock_guard lock(mutex_);
        return bodies_;
    }

private:
    void serve() {
        namespace http = boost::beast::http;
        while (!stopping_) {
            boost::asio::ip::tcp::socket socket(io_);
            boost::system::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stopping_) break;
            boost::beast::flat_buffer buffer;
            http::request<http::string_body> req;
            http::read(socket, buffer, req, ec);
            if (ec) continue;
            http::response<http::string_body> res{static_cast<http::status>(status_.load()), 11};
            res.body() = "{}";
            res.prepare_payload();
            {
                std::lock_guard lock(mutex_);
                bodies_.push_back(req.body());
            }
            arrived_.notify_all();
            http::write(socket, res, ec);
        }
    }

    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<unsigned> status_{200};
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<std::string> bodies_;
};

}  // namespace gp::test
