#pragma once

#include <chrono>
#include <string>

namespace gp::notify {

/// POSTs a JSON body to an http:// or https:// URL (TLS with the system's CA certificates,
/// SNI and host name checks). Returns "" for a 2xx answer, otherwise why it failed. Never throws
/// for network or protocol failures; connecting, the TLS handshake, sending and reading
/// the answer all end when `timeout` has passed since the call (a "timed out" error); name
/// resolution is bounded by the system resolver's own time-outs.
std::string post_json(const std::string& url, const std::string& body,
                      std::chrono::seconds timeout);

}  // namespace gp::notify
