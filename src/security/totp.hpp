#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gp::security {

/// TOTP (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) through liboath, the second factor
/// every back-end account must use (MLPS 8.1.4.1 d).
class Totp {
public:
    static constexpr unsigned kDigits = 6;
    static constexpr unsigned kStepSeconds = 30;

    /// A new 20-byte seed from the system's CSPRNG.
    static std::string new_seed();
    /// The seed as base32 without padding, as authenticator apps expect it.
    static std::string base32(std::string_view seed);

    /// The code for `now` (used by tests and by nothing else in the program).
    static std::string code(std::string_view seed, std::chrono::sys_seconds now);

    /// The time step `code` belongs to when it is valid at `now` (one step of clock drift either
    /// way) and newer than `last_step`, so that a code is accepted once only; nullopt otherwise.
    static std::optional<std::int64_t> accept(std::string_view seed, std::string_view code,
                                              std::chrono::sys_seconds now, std::int64_t last_step);
};

}  // namespace gp::security
