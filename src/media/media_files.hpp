#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gp::media {

/// The media library's files in DATA_DIR/media, outside the theme's static files. Names are
/// generated here, so no uploaded name ever reaches the file system.
class MediaFiles {
public:
    /// Creates the directory when missing; throws std::filesystem::filesystem_error when it
    /// cannot.
    explicit MediaFiles(std::filesystem::path dir);

    /// 32 random hex characters, then `suffix` (".jpg", ".thumb.jpg").
    static std::string new_name(std::string_view suffix);
    /// True for a name new_name could have made: what /media/{name} accepts before any lookup.
    static bool valid_name(std::string_view name);

    /// Writes a temp file, flushes it to disk, then renames it into place (and flushes the
    /// directory), so a crash leaves either the whole file or none. Throws std::runtime_error.
    void write(const std::string& name, std::string_view bytes) const;
    /// The file's bytes, or nullopt when it is not there.
    std::optional<std::string> read(std::string_view name) const;
    /// Removes the file if it is there; never throws (a leftover is harmless and unreachable).
    void remove(std::string_view name) const noexcept;

    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

}  // namespace gp::media
