#pragma once

#include <string>
#include <string_view>

#include "security/key_file.hpp"
#include "security/phone_vault.hpp"

namespace gp::security {

/// Seals small secrets at rest (TOTP seeds) with libsodium secretbox under a key derived from
/// the master key for this one purpose.
class SecretBox {
public:
    SecretBox(const MasterKey& master, std::uint64_t id, std::string_view context);
    ~SecretBox();
    SecretBox(const SecretBox&) = delete;
    SecretBox& operator=(const SecretBox&) = delete;

    Sealed seal(std::string_view plaintext) const;
    /// Throws std::runtime_error when the ciphertext does not authenticate under this key.
    std::string open(const Sealed& sealed) const;

private:
    MasterKey::Key key_{};
};

/// `bytes` random bytes from the system's CSPRNG, as unpadded base64url.
std::string random_token(std::size_t bytes);
/// Lower-case hex SHA-256: how a session id or recovery code is stored.
std::string sha256_hex(std::string_view data);
/// Compares in time independent of where the inputs differ.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace gp::security
