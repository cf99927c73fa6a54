#include "support/child_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace gp::test {

std::optional<RunAs> unprivileged_account() {
    if (geteuid() != 0) return std::nullopt;
    const passwd* pw = getpwnam("nobody");
    if (pw == nullptr) {
        throw std::runtime_error(
            "running as root, but there is no 'nobody' account to run "
            "the test servers as");
    }
    return RunAs{pw->pw_uid, pw->pw_gid};
}

pid_t start_child(const std::vector<std::string>& argv, const std::filesystem::path& log,
                  const std::optional<RunAs>& as) {
    // Everything the child needs is built before fork: after it only async-signal-safe calls.
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const std::string log_path = log.string();
    const pid_t parent = getpid();

    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid > 0) return pid;

    const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) _exit(126);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    const int null_in = open("/dev/null", O_RDONLY);
    if (null_in >= 0) dup2(null_in, STDIN_FILENO);
    if (as) {
        if (setgroups(0, nullptr) != 0 || setgid(as->gid) != 0 || setuid(as->uid) != 0) {
            _exit(126);
        }
    }
    // After setuid, which clears it; and the parent may already be gone.
    prctl(PR_SET_PDEATHSIG, SIGINT);
    if (getppid() != parent) _exit(125);
    execv(args[0], args.data());
    _exit(127);
}

namespace {

int status_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

int wait_child(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    return status_of(status);
}

std::optional<int> child_exited(pid_t pid) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == 0) return std::nullopt;
    if (r < 0) return -1;
    return status_of(status);
}

void stop_child(pid_t pid, int signal, std::chrono::milliseconds grace) {
    kill(pid, signal);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    // A bounded poll for the exit, not a sleep standing in for synchronisation: the loop ends
    // as soon as waitpid reports the child gone.
    while (std::chrono::steady_clock::now() < deadline) {
        if (child_exited(pid)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    wait_child(pid);
}

std::string log_tail(const std::filesystem::path& log, std::size_t bytes) {
    std::ifstream in(log, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto text = ss.str();
    return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

namespace {

/// The temp dir, unless `as` could not reach into it (a TMPDIR below a private home, say): a
/// server running as another account needs every parent searchable by others. /tmp always is.
std::filesystem::path temp_root(const std::optional<RunAs>& as) {
    const auto root = std::filesystem::temp_directory_path();
    if (!as) return root;
    for (auto p = root; !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (stat(p.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return "/tmp";
        if (p == p.parent_path()) break;
    }
    return root;
}

}  // namespace

std::filesystem::path make_temp_dir(const std::string& prefix, const std::optional<RunAs>& as) {
    auto pattern = (temp_root(as) / (prefix + "XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    if (as && chown(pattern.c_str(), as->uid, as->gid) != 0) {
        throw std::runtime_error(std::string("chown ") + pattern + ": " + std::strerror(errno));
    }
    return pattern;
}

int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        const std::string why = std::strerror(errno);
        close(fd);
        throw std::runtime_error("cannot find a free port: " + why);
    }
    close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace gp::test
