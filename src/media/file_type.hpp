#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "content/media.hpp"

namespace gp::media {

/// The image decoders GuardPress re-encodes with; each type is opened only by its own.
enum class ImageFormat { none, jpeg, png, webp, gif };

/// What an upload is, judged by its bytes alone (never its name or the client's word).
struct FileType {
    std::string mime_type;
    std::string extension;  ///< of the stored file, without the dot
    content::MediaKind kind = content::MediaKind::file;
    ImageFormat image = ImageFormat::none;
};

/// The accepted type for a libmagic MIME type, or nullopt for anything not on the list.
std::optional<FileType> accepted_type(std::string_view magic_mime);

/// libmagic behind a lock (a magic cookie is not thread-safe). Throws std::runtime_error at
/// construction when the magic database cannot be loaded.
class TypeDetector {
public:
    TypeDetector();
    ~TypeDetector();
    TypeDetector(const TypeDetector&) = delete;
    TypeDetector& operator=(const TypeDetector&) = delete;

    /// libmagic's MIME type of `bytes` ("image/png", "text/html", …).
    std::string mime_type(std::string_view bytes) const;
    /// The accepted type of `bytes`, or nullopt.
    std::optional<FileType> detect(std::string_view bytes) const {
        return accepted_type(mime_type(bytes));
    }

private:
    mutable std::mutex mutex_;
    void* cookie_ = nullptr;
};

}  // namespace gp::media
