#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

struct redisContext;

namespace gp::cache::redis {

struct RedisOptions {
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string password;
    /// Bounds connecting and every command, so a stalled Redis cannot hold a request long.
    std::chrono::milliseconds timeout{200};
    /// After a failed connect, calls fail at once for this long instead of each waiting for
    /// the timeout again.
    std::chrono::milliseconds retry_after{1000};
};

/// One reply, copied out of hiredis so no caller sees its types.
struct RedisValue {
    enum class Type { nil, integer, string, array };
    Type type = Type::nil;
    std::int64_t integer = 0;
    std::string str;
    std::vector<RedisValue> elements;
};

/// A Lua script run by its SHA1 (EVALSHA), sent in full only when the server does not know it
/// (first use, or after a restart).
struct RedisScript {
    explicit RedisScript(std::string source);
    std::string source;
    std::string sha1;
};

/// A small pool of hiredis connections to one Redis, shared by the threads of one process.
/// A connection that fails is dropped and the next call connects again, so the client comes
/// back by itself when Redis does.
class RedisClient {
public:
    explicit RedisClient(RedisOptions options);
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    /// Runs one command. Throws cache::Unavailable when Redis cannot be reached, times out or
    /// is loading, and std::runtime_error for an error reply (a bug in the command).
    RedisValue command(const std::vector<std::string>& words);
    /// Runs a script with its keys and arguments; throws like command().
    RedisValue eval(const RedisScript& script, const std::vector<std::string>& keys,
                    const std::vector<std::string>& args);
    const RedisOptions& options() const { return options_; }

private:
    redisContext* acquire();
    void release(redisContext* c);
    RedisValue run(const std::vector<std::string>& words);

    RedisOptions options_;
    std::mutex mutex_;
    std::vector<redisContext*> idle_;
    std::chrono::steady_clock::time_point retry_at_{};
};

}  // namespace gp::cache::redis
