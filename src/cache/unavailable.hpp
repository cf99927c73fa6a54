#pragma once

#include <stdexcept>

namespace gp::cache {

/// Thrown when shared state cannot be reached (Redis down, timed out, refusing writes). What
/// needs the shared state answers 503 for it; page views never see it (docs/adr/0016).
class Unavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace gp::cache
