#include "support/redis_server.hpp"

#include <hiredis/hiredis.h>
#include <signal.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <thread>

namespace gp::test {
namespace {

constexpr auto kStartDeadline = std::chrono::seconds(30);
constexpr auto kStopGrace = std::chrono::seconds(10);

struct ContextFree {
    void operator()(redisContext* c) const { redisFree(c); }
};
struct ReplyFree {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};

}  // namespace

std::filesystem::path redis_server_binary() {
    if (const char* env = std::getenv("GP_REDIS_SERVER"); env && *env) return env;
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest = path;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto candidate =
                std::filesystem::path(std::string(rest.substr(0, colon))) / "redis-server";
            if (std::filesystem::exists(candidate)) return candidate;
            rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
        }
    }
    throw std::runtime_error(
        "no redis-server: install the redis-server package (scripts/install-deps.sh) or set "
        "GP_REDIS_SERVER");
}

RedisServer::RedisServer() : run_as_(unprivileged_account()) {
    dir_ = make_temp_dir("gp-redis-", run_as_);
    log_ = dir_ / "server.log";
    try {
        port_ = free_port();
        launch();
    } catch (...) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        throw;
    }
}

void RedisServer::launch() {
    const auto binary = redis_server_binary();
    try {
        pid_ = start_child(
            {binary.string(), "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", dir_.string(), "--daemonize", "no"},
            log_, run_as_);
        const auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
        // Ready means "answers PING": polled with short waits, bounded by the deadline.
        for (;;) {
            try {
                if (command({"PING"}) == "PONG") break;
            } catch (const std::runtime_error&) {
                // Not listening yet; the checks below decide whether to wait on.
            }
            if (auto status = child_exited(pid_)) {
                pid_ = -1;
                throw std::runtime_error("redis-server exited with status " +
                                         std::to_string(*status) + ":\n" + log_tail(log_));
            }
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("redis-server did not answer within " +
                                         std::to_string(kStartDeadline.count()) + " s:\n" +
                                         log_tail(log_));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    } catch (...) {
        if (pid_ > 0) stop_child(pid_, SIGTERM, kStopGrace);
        pid_ = -1;
        throw;
    }
}

void RedisServer::stop() {
    if (pid_ > 0) stop_child(pid_, SIGTERM, kStopGrace);
    pid_ = -1;
}

void RedisServer::start() {
    if (pid_ <= 0) launch();
}

RedisServer::~RedisServer() {
    if (pid_ > 0) stop_child(pid_, SIGTERM, kStopGrace);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string RedisServer::command(const std::vector<std::string>& words) const {
    const timeval timeout{2, 0};
    std::unique_ptr<redisContext, ContextFree> c(
        redisConnectWithTimeout(host().c_str(), port_, timeout));
    if (!c || c->err) {
        throw std::runtime_error("cannot connect to redis: " +
                                 std::string(c ? c->errstr : "out of memory"));
    }
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& w : words) {
        argv.push_back(w.c_str());
        lengths.push_back(w.size());
    }
    std::unique_ptr<redisReply, ReplyFree> reply(static_cast<redisReply*>(
        redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!reply) throw std::runtime_error("redis gave no reply: " + std::string(c->errstr));
    switch (reply->type) {
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
            return std::string(reply->str, reply->len);
        case REDIS_REPLY_INTEGER:
            return std::to_string(reply->integer);
        case REDIS_REPLY_NIL:
            return "";
        case REDIS_REPLY_ERROR:
            throw std::runtime_error("redis: " + std::string(reply->str, reply->len));
        default:
            return "";
    }
}

}  // namespace gp::test
