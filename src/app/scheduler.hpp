#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <string>

namespace gp::app {

/// The server's periodic jobs (view flushes, the change log, notifications, retention, related
/// lists). Each runs on a worker every interval; a failure is logged and the job runs again at
/// the next tick; a tick that finds the last run still going is skipped, so slow runs never
/// pile up on the workers.
class Scheduler {
public:
    /// Timers run on `io` (on one strand, so stop() may come from any thread); jobs on `workers`.
    Scheduler(boost::asio::io_context& io, boost::asio::thread_pool& workers)
        : strand_(boost::asio::make_strand(io)), workers_(workers) {}

    /// Starts `job` every `interval` from now; `name` is what a failure's log line says failed.
    void every(std::chrono::milliseconds interval, std::string name, std::function<void()> job);
    /// Cancels every timer; a job already running finishes (the workers' join waits for it).
    void stop();

private:
    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    boost::asio::thread_pool& workers_;
    // A list, so a timer never moves while its coroutine waits on it.
    std::list<boost::asio::steady_timer> timers_;
};

}  // namespace gp::app
