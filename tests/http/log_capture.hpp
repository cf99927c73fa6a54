#pragma once

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <string>

namespace gp::test {

/// Keeps every line the program logs while it lives, beside its usual output, so a test can
/// assert what an operator would read.
class LogCapture {
public:
    LogCapture() : previous_(spdlog::default_logger()), sink_(std::make_shared<Sink>()) {
        auto sinks = previous_->sinks();
        sinks.push_back(sink_);
        auto logger = std::make_shared<spdlog::logger>("captured", sinks.begin(), sinks.end());
        logger->set_level(previous_->level());
        spdlog::set_default_logger(std::move(logger));
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    /// What was logged so far, one line per message.
    std::string text() const { return sink_->text(); }

private:
    class Sink final : public spdlog::sinks::base_sink<std::mutex> {
    public:
        std::string text() {
            std::lock_guard lock(mutex_);
            return text_;
        }

    protected:
        void sink_it_(const spdlog::details::log_msg& msg) override {
            text_.append(msg.payload.data(), msg.payload.size());
            text_ += '\n';
        }
        void flush_() override {}

    private:
        std::string text_;
    };

    std::shared_ptr<spdlog::logger> previous_;
    std::shared_ptr<Sink> sink_;
};

}  // namespace gp::test
