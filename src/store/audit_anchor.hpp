#pragma once

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace gp::store {

/// The audit chain's end, kept outside the store (docs/adr/0020): after each committed append the
/// last record's id and hash go to a file beside the key, sealed by an HMAC under the audit key.
/// A table whose tail was cut, emptied or truncated no longer reaches the record the anchor
/// names, and whoever can write the store but not read the key cannot move the anchor back.
/// Each process writes the records it appended; with several nodes each keeps its own anchor.
class AuditAnchor {
public:
    struct Head {
        std::int64_t id = 0;
        std::string hash;
    };

    AuditAnchor(std::filesystem::path file, std::string key)
        : file_(std::move(file)), key_(std::move(key)) {}

    const std::filesystem::path& file() const { return file_; }

    /// Records that the chain reaches `head`; a file naming a later record is left alone, so
    /// processes and threads finishing out of order never move the anchor back. Throws
    /// std::runtime_error when the file cannot be written.
    void advance(const Head& head) const {
        const Lock lock(file_);
        if (const auto current = read(); current && current->id >= head.id) return;
        const auto temporary = std::filesystem::path(file_.string() + ".tmp");
        {
            const int fd =
                ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd < 0) fail("cannot write", temporary);
            const std::string text =
                kMagic + std::to_string(head.id) + " " + head.hash + " " + seal(head) + "\n";
            const bool written =
                ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                ::fsync(fd) == 0;
            ::close(fd);
            if (!written) fail("cannot write", temporary);
        }
        std::error_code ec;
        std::filesystem::rename(temporary, file_, ec);
        if (ec) fail("cannot replace", file_);
    }

    /// advance() for a record already committed: a failure leaves the anchor behind the chain,
    /// which verification still accepts, so the action stands and the operator is alerted.
    void advance_after_commit(const Head& head) const noexcept {
        try {
            advance(head);
        } catch (const std::exception& e) {
            spdlog::critical("ALERT audit anchor not advanced to record {}: {}", head.id, e.what());
        }
    }

    /// The head the file names, or nullopt when there is no file yet. Throws std::runtime_error
    /// when the file is not one this key sealed.
    std::optional<Head> read() const {
        std::ifstream in(file_);
        if (!in) {
            if (!std::filesystem::exists(file_)) return std::nullopt;
            fail("cannot read", file_);
        }
        std::string magic;
        std::string version;
        Head head;
        std::string mac;
        in >> magic >> version >> head.id >> head.hash >> mac;
        if (!in || magic + " " + version + " " != kMagic || mac != seal(head)) {
            throw std::runtime_error("the audit anchor " + file_.string() +
                                     " is not sealed by this site's key");
        }
        return head;
    }

private:
    inline static const std::string kMagic = "guardpress-audit-anchor 1 ";

    // An advisory lock on a file of its own: the anchor itself is replaced by rename.
    class Lock {
    public:
        explicit Lock(const std::filesystem::path& file)
            : fd_(::open((file.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
            if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
                if (fd_ >= 0) ::close(fd_);
                fail("cannot lock", file);
            }
        }
        ~Lock() { ::close(fd_); }
        Lock(const Lock&) = delete;
        Lock& operator=(const Lock&) = delete;

    private:
        int fd_;
    };

    [[noreturn]] static void fail(const std::string& what, const std::filesystem::path& file) {
        throw std::runtime_error("audit anchor: " + what + " " + file.string() + ": " +
                                 std::generic_category().message(errno));
    }

    std::string seal(const Head& head) const {
        if (key_.size() != crypto_auth_hmacsha256_KEYBYTES) {
            throw std::runtime_error("the audit anchor has no key");
        }
        const std::string message = "audit-anchor:" + std::to_string(head.id) + ":" + head.hash;
        std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
        crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(message.data()),
                               message.size(), reinterpret_cast<const unsigned char*>(key_.data()));
        std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
        sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
        return hex.data();
    }

    std::filesystem::path file_;
    std::string key_;
};

}  // namespace gp::store
