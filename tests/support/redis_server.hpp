#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace gp::test {

/// A throwaway Redis for one test binary: redis-server on a free port on 127.0.0.1, nothing
/// saved to disk, its working dir a temp dir; ready once it answers PING; stopped by its PID
/// and the dir removed when this object goes away. Runs as `nobody` when the tests run as root.
class RedisServer {
public:
    /// Throws std::runtime_error with the server's log when it cannot start.
    RedisServer();
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    std::string host() const { return "127.0.0.1"; }
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& dir() const { return dir_; }

    /// Stops the server by its PID (SIGTERM), keeping the port and dir for start(): Redis going
    /// down mid-test. Nothing is saved, so a restarted server starts empty.
    void stop();
    /// Starts the server again on the same port after stop() and waits until it answers PING.
    /// Throws like the constructor.
    void start();
    bool running() const { return pid_ > 0; }

    /// Sends one command (words, no quoting) and returns the reply as text; throws when Redis
    /// does not answer.
    std::string command(const std::vector<std::string>& words) const;

private:
    void launch();

    std::optional<RunAs> run_as_;
    std::filesystem::path dir_;
    std::filesystem::path log_;
    int port_ = 0;
    pid_t pid_ = -1;
};

/// redis-server from GP_REDIS_SERVER when set, else PATH; throws when there is none.
std::filesystem::path redis_server_binary();

}  // namespace gp::test
