#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_server.hpp"

extern char** environ;

namespace gp::test {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs the real binary with stdout and stderr captured in files.
inline Run run(const std::vector<std::string>& args, const TempDir& scratch) {
    const auto out = scratch.path() / "stdout";
    const auto err = scratch.path() / "stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> argv{const_cast<char*>(GP_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, GP_BINARY, &actions, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start " GP_BINARY);
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    waitpid(pid, &status, 0);
    return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

/// `serve` running as its own process on 127.0.0.1:0, its log (stderr) kept in a file. The
/// constructor returns once the server has printed its address; stop() sends SIGTERM and waits,
/// after which log() holds everything the server wrote.
class ServeProcess {
public:
    ServeProcess(const std::vector<std::string>& args, const TempDir& scratch)
        : err_(scratch.path() / "serve.err") {
        int out_pipe[2];
        if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
        posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0600);
        std::vector<std::string> all{GP_BINARY, "serve", "--listen", "127.0.0.1:0"};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int spawned = posix_spawn(&pid_, GP_BINARY, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(out_pipe[1]);
        if (spawned != 0) {
            close(out_pipe[0]);
            throw std::runtime_error("cannot start " GP_BINARY);
        }
        // Blocks until the line arrives; the child closing stdout ends the read if it dies.
        out_ = fdopen(out_pipe[0], "r");
        std::array<char, 256> line{};
        const std::string text = fgets(line.data(), line.size(), out_) ? line.data() : "";
        if (!text.starts_with("listening on http://127.0.0.1:")) {
            stop();
            throw std::runtime_error("serve did not start: " + text + slurp(err_));
        }
        port_ = static_cast<unsigned short>(std::stoi(text.substr(text.rfind(':') + 1)));
    }
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;
    ~ServeProcess() { stop(); }

    unsigned short port() const { return port_; }
    /// Stops the server (SIGTERM) and returns its exit status as waitpid reports it.
    int stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, &status_, 0);
            pid_ = 0;
        }
        if (out_) {
            fclose(out_);
            out_ = nullptr;
        }
        return status_;
    }
    std::string log() const { return slurp(err_); }

private:
    std::filesystem::path err_;
    pid_t pid_ = 0;
    FILE* out_ = nullptr;
    int status_ = -1;
    unsigned short port_ = 0;
};

}  // namespace gp::test
