#pragma once

#include <chrono>
#include <string>

namespace gp::notify {

/// POSTs a JSON body to an http:// or https:// URL (TLS with the system's CA certificates,
/// SNI and host name checks). Returns "" for a 2xx answer, otherwise why it failed. Never throws
/// for network or protocol failures; every step is bounded by `timeout`.
std::string post_json(const std::string& url, const std::string& body,
                      std::chrono::seconds timeout);

}  // namespace gp::notify
