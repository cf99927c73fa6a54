#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gp::test {

/// The account a test server runs as. PostgreSQL refuses to run as root (CI runs as root), so
/// a root test process hands its servers to an unprivileged account.
struct RunAs {
    uid_t uid = 0;
    gid_t gid = 0;
};

/// `nobody` when this process is root, nothing otherwise. Throws when root has no such account.
std::optional<RunAs> unprivileged_account();

/// Starts `argv` (argv[0] an absolute path) with stdout and stderr appended to `log`, as `as`
/// when given. The child gets SIGINT should this process die first, so a crashed test binary
/// leaves no server behind. Throws when fork fails.
pid_t start_child(const std::vector<std::string>& argv, const std::filesystem::path& log,
                  const std::optional<RunAs>& as);

/// Waits for `pid` to end and returns its exit status (128 + signal when killed).
int wait_child(pid_t pid);

/// The exit status when `pid` has ended, nullopt while it runs.
std::optional<int> child_exited(pid_t pid);

/// Sends `signal`, waits up to `grace` for the end, then SIGKILL; always reaps the child.
void stop_child(pid_t pid, int signal, std::chrono::milliseconds grace);

/// The last `bytes` of a log file, for error messages.
std::string log_tail(const std::filesystem::path& log, std::size_t bytes = 2000);

/// A fresh directory under the system temp dir, owned by `as` when given.
std::filesystem::path make_temp_dir(const std::string& prefix, const std::optional<RunAs>& as);

/// A TCP port on 127.0.0.1 that was free a moment ago (bound with port 0 and read back).
int free_port();

}  // namespace gp::test
