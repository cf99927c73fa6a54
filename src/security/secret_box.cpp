#include "security/secret_box.hpp"

#include <sodium.h>

#include <stdexcept>

namespace gp::security {

SecretBox::SecretBox(const MasterKey& master, std::uint64_t id, std::string_view context)
    : key_(master.derive(id, context)) {}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

Sealed SecretBox::seal(std::string_view plaintext) const {
    Sealed out;
    out.nonce.resize(crypto_secretbox_NONCEBYTES);
    randombytes_buf(out.nonce.data(), out.nonce.size());
    out.ciphertext.resize(plaintext.size() + crypto_secretbox_MACBYTES);
    crypto_secretbox_easy(reinterpret_cast<unsigned char*>(out.ciphertext.data()),
                          reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(),
                          reinterpret_cast<const unsigned char*>(out.nonce.data()), key_.data());
    return out;
}

std::string SecretBox::open(const Sealed& sealed) const {
    if (sealed.nonce.size() != crypto_secretbox_NONCEBYTES ||
        sealed.ciphertext.size() < crypto_secretbox_MACBYTES) {
        throw std::runtime_error("sealed secret has the wrong size");
    }
    std::string out(sealed.ciphertext.size() - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(sealed.ciphertext.data()),
                                   sealed.ciphertext.size(),
                                   reinterpret_cast<const unsigned char*>(sealed.nonce.data()),
                                   key_.data()) != 0) {
        throw std::runtime_error("sealed secret does not authenticate under this key");
    }
    return out;
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                      raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(std::char_traits<char>::length(out.c_str()));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gp::security
