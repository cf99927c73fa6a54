#include "security/totp.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace gp::security {
namespace {

void init_once() {
    static const int rc = oath_init();
    if (rc != OATH_OK) throw std::runtime_error("liboath could not be initialised");
}

}  // namespace

std::string Totp::new_seed() {
    std::string seed(20, '\0');
    randombytes_buf(seed.data(), seed.size());
    return seed;
}

std::string Totp::base32(std::string_view seed) {
    init_once();
    char* out = nullptr;
    std::size_t len = 0;
    if (oath_base32_encode(seed.data(), seed.size(), &out, &len) != OATH_OK) {
        throw std::runtime_error("base32 encoding failed");
    }
    std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
    std::string text(out, len);
    while (!text.empty() && text.back() == '=') text.pop_back();
    return text;
}

std::string Totp::code(std::string_view seed, std::chrono::sys_seconds now) {
    init_once();
    char out[kDigits + 1] = {};
    if (oath_totp_generate(seed.data(), seed.size(), now.time_since_epoch().count(), kStepSeconds,
                           0, kDigits, out) != OATH_OK) {
        throw std::runtime_error("TOTP generation failed");
    }
    return out;
}

std::optional<std::int64_t> Totp::accept(std::string_view seed, std::string_view code,
                                         std::chrono::sys_seconds now, std::int64_t last_step) {
    if (code.size() != kDigits) return std::nullopt;
    for (char c : code) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    init_once();
    const std::string otp(code);
    std::uint64_t counter = 0;
    const int rc = oath_totp_validate3(seed.data(), seed.size(), now.time_since_epoch().count(),
                                       kStepSeconds, 0, 1, nullptr, &counter, otp.c_str());
    if (rc < 0) return std::nullopt;
    const auto step = static_cast<std::int64_t>(counter);
    if (step <= last_step) return std::nullopt;
    return step;
}

}  // namespace gp::security
