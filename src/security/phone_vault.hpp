#pragma once

#include <array>
#include <string>
#include <string_view>

#include "security/key_file.hpp"

namespace gp::security {

/// A phone number sealed for storage: libsodium secretbox (XSalsa20-Poly1305), random nonce.
struct Sealed {
    std::string nonce;       ///< raw bytes
    std::string ciphertext;  ///< raw bytes, MAC included
};

/// Encrypts personal data at rest with a key kept in a file outside the store, and derives a
/// keyed hash so that duplicates and per-number limits work without decrypting (PIPL, MLPS
/// 8.1.4.8). Both keys are derived from the site's master key.
class PhoneVault {
public:
    explicit PhoneVault(const MasterKey& master);
    ~PhoneVault();
    PhoneVault(const PhoneVault&) = delete;
    PhoneVault& operator=(const PhoneVault&) = delete;

    Sealed seal(std::string_view plaintext) const;
    /// Throws std::runtime_error when the ciphertext does not authenticate under this key.
    std::string open(const Sealed& sealed) const;
    /// Hex BLAKE2b-256 keyed with the hash key: equal numbers give equal hashes.
    std::string keyed_hash(std::string_view plaintext) const;

private:
    MasterKey::Key box_key_{};
    MasterKey::Key hash_key_{};
};

}  // namespace gp::security
