#include "security/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gp::security {
namespace {

void ensure_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

void MasterKey::create(const std::filesystem::path& file) {
    ensure_sodium();
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw std::runtime_error("cannot create key file " + file.string() + ": " +
                                 std::strerror(errno));
    }
    Key key;
    crypto_kdf_keygen(key.data());
    const auto written = ::write(fd, key.data(), key.size());
    sodium_memzero(key.data(), key.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (written != static_cast<ssize_t>(key.size()) || !synced) {
        std::filesystem::remove(file);
        throw std::runtime_error("cannot write key file " + file.string());
    }
}

MasterKey MasterKey::load(const std::filesystem::path& file) {
    ensure_sodium();
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        throw std::runtime_error("key file " + file.string() +
                                 " is missing (`guardpress init` creates it)");
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw std::runtime_error("key file " + file.string() +
                                 " can be read by others; run chmod 600 on it");
    }
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot read key file " + file.string());
    MasterKey master;
    unsigned char extra = 0;
    const auto n = ::read(fd, master.key_.data(), master.key_.size());
    const auto more = ::read(fd, &extra, 1);
    ::close(fd);
    if (n != static_cast<ssize_t>(master.key_.size()) || more != 0) {
        throw std::runtime_error("key file " + file.string() + " must hold exactly 32 bytes");
    }
    return master;
}

MasterKey::~MasterKey() { sodium_memzero(key_.data(), key_.size()); }

MasterKey::Key MasterKey::derive(std::uint64_t id, std::string_view context) const {
    if (context.size() != crypto_kdf_CONTEXTBYTES) {
        throw std::logic_error("key derivation context must be 8 characters");
    }
    Key sub;
    crypto_kdf_derive_from_key(sub.data(), sub.size(), id, context.data(), key_.data());
    return sub;
}

}  // namespace gp::security
