#pragma once

#include <array>
#include <filesystem>
#include <string_view>

namespace gp::security {

/// The site's master secret: 32 random bytes in a file outside the store (mode 0600), from which
/// each purpose derives its own key (libsodium crypto_kdf), so one leaked subkey reveals no other.
class MasterKey {
public:
    /// Creates a new key file with mode 0600; throws std::runtime_error when the file exists
    /// already (a key is never overwritten: every sealed number would become unreadable) or
    /// cannot be written.
    static void create(const std::filesystem::path& file);

    /// Reads the key file; throws std::runtime_error naming the file when it is missing, has the
    /// wrong size, or is readable by group or others.
    static MasterKey load(const std::filesystem::path& file);

    ~MasterKey();
    MasterKey(const MasterKey&) = default;
    MasterKey& operator=(const MasterKey&) = default;

    using Key = std::array<unsigned char, 32>;
    /// A subkey for one purpose; `context` is exactly 8 characters (libsodium's rule).
    Key derive(std::uint64_t id, std::string_view context) const;

private:
    MasterKey() = default;
    Key key_{};
};

}  // namespace gp::security
