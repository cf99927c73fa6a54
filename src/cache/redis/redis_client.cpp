#include "cache/redis/redis_client.hpp"

#include <fmt/format.h>
#include <hiredis/hiredis.h>
#include <openssl/sha.h>

#include <array>
#include <memory>

#include "cache/unavailable.hpp"

namespace gp::cache::redis {
namespace {

// More idle connections than threads that talk to Redis at once would only hold sockets open.
constexpr std::size_t kMaxIdle = 16;

struct ReplyFree {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyFree>;

struct ContextFree {
    void operator()(redisContext* c) const { redisFree(c); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextFree>;

timeval to_timeval(std::chrono::milliseconds ms) {
    return timeval{static_cast<time_t>(ms.count() / 1000),
                   static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

RedisValue copy(const redisReply& r) {
    RedisValue v;
    switch (r.type) {
        case REDIS_REPLY_INTEGER:
            v.type = RedisValue::Type::integer;
            v.integer = r.integer;
            break;
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
            v.type = RedisValue::Type::string;
            v.str.assign(r.str, r.len);
            break;
        case REDIS_REPLY_ARRAY:
            v.type = RedisValue::Type::array;
            v.elements.reserve(r.elements);
            for (std::size_t i = 0; i < r.elements; ++i) v.elements.push_back(copy(*r.element[i]));
            break;
        default:
            break;
    }
    return v;
}

// Error replies that mean "not now" rather than "wrong command".
bool transient(std::string_view message) {
    return message.starts_with("LOADING") || message.starts_with("BUSY") ||
           message.starts_with("MASTERDOWN") || message.starts_with("READONLY") ||
           message.starts_with("TRYAGAIN") || message.starts_with("CLUSTERDOWN");
}

// Whether this thread's last acquire() lent an idle connection rather than a new one.
thread_local bool last_was_idle = false;

struct ErrorReply {
    std::string message;
};

}  // namespace

RedisScript::RedisScript(std::string text) : source(std::move(text)) {
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(source.data()), source.size(), digest.data());
    for (unsigned char b : digest) sha1 += fmt::format("{:02x}", b);
}

RedisClient::RedisClient(RedisOptions options) : options_(std::move(options)) {}

RedisClient::~RedisClient() {
    for (auto* c : idle_) redisFree(c);
}

redisContext* RedisClient::acquire() {
    {
        std::lock_guard lock(mutex_);
        last_was_idle = !idle_.empty();
        if (last_was_idle) {
            auto* c = idle_.back();
            idle_.pop_back();
            return c;
        }
        if (std::chrono::steady_clock::now() < retry_at_) {
            throw Unavailable(fmt::format("redis at {}:{} is unreachable (retrying shortly)",
                                          options_.host, options_.port));
        }
    }
    const auto where = fmt::format("{}:{}", options_.host, options_.port);
    const auto fail = [&](const std::string& why) -> Unavailable {
        std::lock_guard lock(mutex_);
        retry_at_ = std::chrono::steady_clock::now() + options_.retry_after;
        return Unavailable(fmt::format("cannot connect to redis at {}: {}", where, why));
    };
    ContextPtr c(redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                         to_timeval(options_.timeout)));
    if (!c) throw fail("out of memory");
    if (c->err) throw fail(c->errstr);
    if (redisSetTimeout(c.get(), to_timeval(options_.timeout)) != REDIS_OK) throw fail(c->errstr);
    const auto setup = [&](std::vector<std::string> words) {
        std::vector<const char*> argv;
        std::vector<size_t> lengths;
        for (const auto& w : words) {
            argv.push_back(w.c_str());
            lengths.push_back(w.size());
        }
        ReplyPtr reply(static_cast<redisReply*>(
            redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
        if (!reply) throw fail(c->errstr);
        if (reply->type == REDIS_REPLY_ERROR) {
            // A wrong password or database number is a configuration error, not an outage.
            throw std::runtime_error(fmt::format("redis at {} refused {}: {}", where, words[0],
                                                 std::string(reply->str, reply->len)));
        }
    };
    if (!options_.password.empty()) setup({"AUTH", options_.password});
    if (options_.db != 0) setup({"SELECT", std::to_string(options_.db)});
    return c.release();
}

void RedisClient::release(redisContext* c) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) {
        idle_.push_back(c);
    } else {
        redisFree(c);
    }
}

RedisValue RedisClient::run(const std::vector<std::string>& words) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(words.size());
    lengths.reserve(words.size());
    for (const auto& w : words) {
        argv.push_back(w.c_str());
        lengths.push_back(w.size());
    }
    for (bool first = true;; first = false) {
        auto* c = acquire();
        const bool pooled = last_was_idle;
        ReplyPtr reply(static_cast<redisReply*>(
            redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
        if (!reply) {
            // The connection is in an unknown state after an I/O error: drop it. An idle one
            // may simply be stale (Redis restarted since), and so would the other idle ones:
            // they are dropped too, and the command gets one try on a new connection.
            const std::string why = c->errstr;
            redisFree(c);
            if (pooled && first) {
                std::lock_guard lock(mutex_);
                for (auto* idle : idle_) redisFree(idle);
                idle_.clear();
                continue;
            }
            throw Unavailable(fmt::format("redis at {}:{} failed during {}: {}", options_.host,
                                          options_.port, words.empty() ? "" : words[0], why));
        }
        release(c);
        if (reply->type == REDIS_REPLY_ERROR) {
            throw ErrorReply{std::string(reply->str, reply->len)};
        }
        return copy(*reply);
    }
}

RedisValue RedisClient::command(const std::vector<std::string>& words) {
    try {
        return run(words);
    } catch (const ErrorReply& e) {
        if (transient(e.message)) throw Unavailable("redis is not serving: " + e.message);
        throw std::runtime_error(fmt::format("redis refused {}: {}", words.at(0), e.message));
    }
}

RedisValue RedisClient::eval(const RedisScript& script, const std::vector<std::string>& keys,
                             const std::vector<std::string>& args) {
    std::vector<std::string> words{"EVALSHA", script.sha1, std::to_string(keys.size())};
    words.insert(words.end(), keys.begin(), keys.end());
    words.insert(words.end(), args.begin(), args.end());
    try {
        return run(words);
    } catch (const ErrorReply& e) {
        if (!e.message.starts_with("NOSCRIPT")) {
            if (transient(e.message)) throw Unavailable("redis is not serving: " + e.message);
            throw std::runtime_error("redis script failed: " + e.message);
        }
    }
    // EVAL runs the script and leaves it cached on the server for the next EVALSHA.
    words[0] = "EVAL";
    words[1] = script.source;
    return command(words);
}

}  // namespace gp::cache::redis
