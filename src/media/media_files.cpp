#include "media/media_files.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace gp::media {
namespace {

constexpr std::size_t kRandomHex = 32;

std::runtime_error io_failure(const std::string& what, const std::filesystem::path& path) {
    return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

/// Closes the descriptor at scope exit.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

MediaFiles::MediaFiles(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
}

std::string MediaFiles::new_name(std::string_view suffix) {
    unsigned char raw[kRandomHex / 2];
    randombytes_buf(raw, sizeof raw);
    char hex[kRandomHex + 1];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return std::string(hex) + std::string(suffix);
}

bool MediaFiles::valid_name(std::string_view name) {
    if (name.size() <= kRandomHex + 1 || name.size() > kRandomHex + 12) return false;
    for (std::size_t i = 0; i < kRandomHex; ++i) {
        const char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    auto rest = name.substr(kRandomHex);
    if (rest.starts_with(".thumb.")) rest.remove_prefix(6);
    if (rest.size() < 2 || rest.front() != '.') return false;
    for (char c : rest.substr(1)) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    }
    return true;
}

void MediaFiles::write(const std::string& name, std::string_view bytes) const {
    const auto target = dir_ / name;
    const auto temp = dir_ / (".tmp-" + new_name(""));
    {
        Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)};
        if (f.fd < 0) throw io_failure("cannot create", temp);
        std::size_t done = 0;
        while (done < bytes.size()) {
            const auto n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const auto e = io_failure("cannot write", temp);
                ::unlink(temp.c_str());
                throw e;
            }
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(f.fd) != 0) {
            const auto e = io_failure("cannot flush", temp);
            ::unlink(temp.c_str());
            throw e;
        }
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const auto e = io_failure("cannot rename into", target);
        ::unlink(temp.c_str());
        throw e;
    }
    // The rename itself is durable only once the directory is flushed.
    Fd d{::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd >= 0) ::fsync(d.fd);
}

std::optional<std::string> MediaFiles::read(std::string_view name) const {
    if (!valid_name(name)) return std::nullopt;
    std::ifstream in(dir_ / std::string(name), std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void MediaFiles::remove(std::string_view name) const noexcept {
    if (!valid_name(name)) return;
    std::error_code ec;
    std::filesystem::remove(dir_ / std::string(name), ec);
}

}  // namespace gp::media
