#include "app/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace gp::app {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> repeat(asio::steady_timer& timer, asio::thread_pool& workers,
                             std::chrono::milliseconds interval, std::string name,
                             std::function<void()> job) {
    auto running = std::make_shared<std::atomic<bool>>(false);
    for (;;) {
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        if (running->exchange(true)) continue;
        asio::post(workers, [job, name, running] {
            try {
                job();
            } catch (const std::exception& e) {
                spdlog::error("{} failed, will try again: {}", name, e.what());
            }
            running->store(false);
        });
    }
}

}  // namespace

void Scheduler::every(std::chrono::milliseconds interval, std::string name,
                      std::function<void()> job) {
    auto& timer = timers_.emplace_back(strand_);
    asio::co_spawn(strand_, repeat(timer, workers_, interval, std::move(name), std::move(job)),
                   asio::detached);
}

void Scheduler::stop() {
    asio::post(strand_, [this] {
        for (auto& timer : timers_) timer.cancel();
    });
}

}  // namespace gp::app
