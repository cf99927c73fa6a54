#pragma once

#include <optional>
#include <string_view>

#include "http/message.hpp"
#include "media/media_files.hpp"
#include "store/media_store.hpp"

namespace gp::site {

/// The answer for /media/{name}: the stored file with the type detected at upload, nosniff,
/// a year's caching (names are random and never reused), and `Content-Disposition: attachment`
/// for documents. nullopt for a name that is not a stored file (the caller answers 404).
std::optional<http::Response> media_response(store::MediaStore& store,
                                             const media::MediaFiles& files, std::string_view name);

}  // namespace gp::site
