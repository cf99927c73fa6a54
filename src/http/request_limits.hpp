#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "http/message.hpp"

namespace gp::http {

/// What one request may send, decided once its header is read (docs/adr/0027).
struct RequestLimits {
    std::size_t body_limit = 64 * 1024;  ///< bytes of body after decoding the chunked framing
};

/// Chooses the limits for a request from its method and raw target (path and query, as sent).
/// Called on the I/O thread for every request that has a body, so it must be cheap and never
/// block; it must not throw.
using LimitsFor = std::function<RequestLimits(Verb method, std::string_view target)>;

}  // namespace gp::http
