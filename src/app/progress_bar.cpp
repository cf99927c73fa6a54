#include "app/progress_bar.hpp"

#include <fmt/format.h>

namespace gp::app {

std::function<void(std::int64_t, std::int64_t)> progress_bar(std::ostream& progress,
                                                             bool is_terminal, std::string label) {
    if (!is_terminal) return {};
    return [&progress, label = std::move(label)](std::int64_t n, std::int64_t total) {
        constexpr int kBarWidth = 30;
        const double share = total > 0 ? static_cast<double>(n) / static_cast<double>(total) : 1;
        const int filled = static_cast<int>(share * kBarWidth);
        progress << fmt::format("\r{} [{}{}] {:3.0f}% {}/{}", label, std::string(filled, '#'),
                                std::string(kBarWidth - filled, ' '), share * 100, n, total)
                 << std::flush;
    };
}

}  // namespace gp::app
