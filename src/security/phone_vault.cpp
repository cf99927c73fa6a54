#include "security/phone_vault.hpp"

#include <sodium.h>

#include <stdexcept>

namespace gp::security {
PhoneVault::PhoneVault(const MasterKey& master)
    : box_key_(master.derive(1, "gp_phone")), hash_key_(master.derive(2, "gp_phone")) {}

PhoneVault::~PhoneVault() {
    sodium_memzero(box_key_.data(), box_key_.size());
    sodium_memzero(hash_key_.data(), hash_key_.size());
}

Sealed PhoneVault::seal(std::string_view plaintext) const {
    Sealed out;
    out.nonce.resize(crypto_secretbox_NONCEBYTES);
    randombytes_buf(out.nonce.data(), out.nonce.size());
    out.ciphertext.resize(plaintext.size() + crypto_secretbox_MACBYTES);
    crypto_secretbox_easy(
        reinterpret_cast<unsigned char*>(out.ciphertext.data()),
        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
        reinterpret_cast<const unsigned char*>(out.nonce.data()), box_key_.data());
    return out;
}

std::string PhoneVault::open(const Sealed& sealed) const {
    if (sealed.nonce.size() != crypto_secretbox_NONCEBYTES ||
        sealed.ciphertext.size() < crypto_secretbox_MACBYTES) {
        throw std::runtime_error("sealed value has the wrong shape");
    }
    std::string plain(sealed.ciphertext.size() - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                   reinterpret_cast<const unsigned char*>(sealed.ciphertext.data()),
                                   sealed.ciphertext.size(),
                                   reinterpret_cast<const unsigned char*>(sealed.nonce.data()),
                                   box_key_.data()) != 0) {
        throw std::runtime_error("sealed value does not authenticate under this key");
    }
    return plain;
}

std::string PhoneVault::keyed_hash(std::string_view plaintext) const {
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(plaintext.data()),
                       plaintext.size(), hash_key_.data(), hash_key_.size());
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

}  // namespace gp::security
