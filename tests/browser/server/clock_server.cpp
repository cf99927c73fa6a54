// `guardpress serve` with a clock the browser tests move: the same App and server, but its time
// is the real time plus an offset that grows by each "advance SECONDS" line read on stdin (each
// answered by "clock UNIX_SECONDS" on stdout). Scheduled publishing is then tested without
// waiting. Arguments: --data-dir DIR (listens on 127.0.0.1, a free port; SIGTERM stops it).
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "app/app.hpp"
#include "config/load.hpp"

namespace {

std::atomic<std::int64_t> offset_seconds{0};

gp::content::Time now() {
    const auto real =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    return real + std::chrono::seconds{offset_seconds.load()};
}

// Detached: it blocks on stdin until the test writes or closes it, and the process ends on
// SIGTERM whatever this thread is doing.
void read_commands() {
    std::string line;
    while (std::getline(std::cin, line)) {
        constexpr std::string_view kAdvance = "advance ";
        if (line.starts_with(kAdvance)) {
            offset_seconds += std::stoll(line.substr(kAdvance.size()));
            std::cout << "clock " << now().time_since_epoch().count() << std::endl;
        } else {
            std::cout << "unknown command: " << line << std::endl;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 || std::string(argv[1]) != "--data-dir") {
        std::cerr << "usage: gp_clock_server --data-dir DIR\n";
        return 2;
    }
    const std::filesystem::path data_dir = argv[2];
    std::optional<std::filesystem::path> file;
    if (std::filesystem::exists(data_dir / "guardpress.toml")) file = data_dir / "guardpress.toml";
    try {
        auto settings = gp::config::load_settings(file, GP_SOURCE_DIR);
        // This program lives in tests/, away from the imaging program beside `guardpress`.
        if (settings.media.imaging_program.empty()) settings.media.imaging_program = GP_IMAGING;
        gp::app::App app(std::move(settings), data_dir, now);
        gp::app::ServerRunner runner(app);
        const auto endpoint = runner.start("127.0.0.1", 0);
        std::cout << "listening on http://127.0.0.1:" << endpoint.port() << std::endl;
        std::thread(read_commands).detach();
        runner.wait_for_signal();
        runner.stop();
        return 0;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return 1;
    }
}
