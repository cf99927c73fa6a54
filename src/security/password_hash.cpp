#include "security/password_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace gp::security {
namespace {

// libsodium's "interactive" costs (64 MiB, 2 passes): about 0.1 s on a current core, which
// bounds password guessing while sign-in stays quick.
constexpr auto kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

const std::string& decoy_hash() {
    static const std::string hash = hash_password("guardpress decoy password, never valid");
    return hash;
}

}  // namespace

std::string hash_password(std::string_view password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("not enough memory to hash a password");
    }
    return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
    const std::string h(hash);  // libsodium wants a NUL-terminated string
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void verify_password_decoy(std::string_view password) {
    (void)verify_password(decoy_hash(), password);
}

bool password_needs_rehash(std::string_view hash) {
    const std::string h(hash);
    return crypto_pwhash_str_needs_rehash(h.c_str(), kOps, kMem) != 0;
}

}  // namespace gp::security
