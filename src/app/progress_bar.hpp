#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace gp::app {

/// A progress bar on `progress`, redrawn in place as (done, total) arrive; an empty function
/// when `is_terminal` is false, so piped output stays clean.
std::function<void(std::int64_t, std::int64_t)> progress_bar(std::ostream& progress,
                                                             bool is_terminal, std::string label);

}  // namespace gp::app
