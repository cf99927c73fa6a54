#include "notify/http_post.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace gp::test {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

constexpr std::chrono::seconds kTimeout{1};
// Generous, so that a loaded machine cannot fail the test; a post that ignores its deadline
// never returns at all, so it still fails.
constexpr auto kBound = 10 * kTimeout;

/// A receiver on 127.0.0.1 that accepts connections and never answers. The kernel completes
/// the TCP handshake for a listening socket, so with `reads` false the client connects and
/// sends but nothing ever reads; with `reads` true one connection is accepted and the request
/// read in full, and then nothing is written back. stop() closes everything, which releases a
/// client that is still waiting, so a failing test ends too.
class SilentReceiver {
public:
    explicit SilentReceiver(bool reads) : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
        port_ = acceptor_.local_endpoint().port();
        if (reads) thread_ = std::thread([this] { serve(); });
    }
    ~SilentReceiver() { stop(); }

    std::string url(const std::string& scheme = "http") const {
        return scheme + "://127.0.0.1:" + std::to_string(port_) + "/hook";
    }
    bool wait_for_request(std::chrono::seconds timeout) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return got_request_; });
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            stopping_ = true;
        }
        changed_.notify_all();
        if (thread_.joinable()) {
            // Wakes an accept that never got its client.
            boost::system::error_code ec;
            asio::io_context io;
            tcp::socket poke(io);
            poke.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
            thread_.join();
        }
        boost::system::error_code ec;
        acceptor_.close(ec);
    }

private:
    void serve() {
        tcp::socket socket(io_);
        boost::system::error_code ec;
        acceptor_.accept(socket, ec);
        if (ec) return;
        boost::beast::flat_buffer buffer;
        boost::beast::http::request<boost::beast::http::string_body> req;
        boost::beast::http::read(socket, buffer, req, ec);
        std::unique_lock lock(mutex_);
        if (!ec) got_request_ = true;
        changed_.notify_all();
        changed_.wait(lock, [&] { return stopping_; });
    }

    asio::io_context io_;
    tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool got_request_ = false;
    bool stopping_ = false;
};

/// Posts on another thread; the error, or nullopt when the post had not returned within kBound.
std::optional<std::string> post_against(SilentReceiver& receiver, const std::string& url) {
    auto outcome = std::async(std::launch::async, [url] {
        return notify::post_json(url, "{\"msgtype\":\"text\"}", kTimeout);
    });
    const bool ended = outcome.wait_for(kBound) == std::future_status::ready;
    receiver.stop();
    auto error = outcome.get();
    if (!ended) return std::nullopt;
    return error;
}

TEST(HttpPost, TheNotifierCannotHangAWorkerForeverOnAReceiverThatNeverAnswers) {
    SilentReceiver receiver(false);
    const auto error = post_against(receiver, receiver.url());
    ASSERT_TRUE(error.has_value()) << "the post did not end at its deadline";
    EXPECT_NE(error->find("timed out"), std::string::npos) << *error;
}

TEST(HttpPost, TheNotifierCannotHangAWorkerForeverOnAReceiverThatReadsAndNeverReplies) {
    SilentReceiver receiver(true);
    auto outcome = std::async(std::launch::async, [&] {
        return notify::post_json(receiver.url(), "{\"msgtype\":\"text\"}", kTimeout);
    });
    const bool read = receiver.wait_for_request(kBound);
    const bool ended = outcome.wait_for(kBound) == std::future_status::ready;
    receiver.stop();
    const auto error = outcome.get();
    EXPECT_TRUE(read) << "the receiver never got the request";
    ASSERT_TRUE(ended) << "the post did not end at its deadline";
    EXPECT_NE(error.find("reading the answer: timed out"), std::string::npos) << error;
}

TEST(HttpPost, TheNotifierCannotHangAWorkerForeverInATlsHandshakeThatNeverAnswers) {
    SilentReceiver receiver(false);
    const auto error = post_against(receiver, receiver.url("https"));
    ASSERT_TRUE(error.has_value()) << "the post did not end at its deadline";
    EXPECT_NE(error->find("TLS handshake with 127.0.0.1: timed out"), std::string::npos) << *error;
}

TEST(HttpPost, ARefusedConnectionIsAnErrorAtOnce) {
    unsigned short port = 0;
    {
        asio::io_context io;
        tcp::acceptor reserve(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = reserve.local_endpoint().port();
    }
    const auto error =
        notify::post_json("http://127.0.0.1:" + std::to_string(port) + "/hook", "{}", kTimeout);
    EXPECT_NE(error.find("connecting to 127.0.0.1"), std::string::npos) << error;
    EXPECT_EQ(error.find("timed out"), std::string::npos) << error;
}

}  // namespace
}  // namespace gp::test
