#pragma once

#include <string>
#include <string_view>

namespace gp::security {

/// An Argon2id hash in libsodium's self-describing string form (salt and costs included).
/// Throws std::runtime_error when the memory for the hash cannot be had.
std::string hash_password(std::string_view password);

/// True when `password` matches `hash`. A malformed hash is simply no match.
bool verify_password(std::string_view hash, std::string_view password);

/// Spends the time of one verification without an account: sign-in for an unknown name takes
/// as long as for a known one, so timing does not tell which names exist.
void verify_password_decoy(std::string_view password);

/// True when `hash` was made with weaker costs than today's, so it should be re-hashed.
bool password_needs_rehash(std::string_view hash);

}  // namespace gp::security
