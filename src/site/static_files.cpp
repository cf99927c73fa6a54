#include "site/static_files.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gp::site {
namespace {

std::string content_type_for(const std::filesystem::path& p) {
    static const std::map<std::string, std::string> kTypes{
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace

std::string make_etag(std::string_view bytes) {
    // sodium_init is idempotent and thread-safe; calling it here keeps this usable from tests.
    static const int sodium_ready = sodium_init();
    (void)sodium_ready;
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return std::string("\"") + hex + "\"";
}

StaticFiles::StaticFiles(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir)) {
        throw std::runtime_error("static files directory " + dir.string() + " does not exist");
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        StaticFile f{bytes.str(), content_type_for(entry.path()), {}};
        f.etag = make_etag(f.body);
        files_.emplace(std::filesystem::relative(entry.path(), dir).generic_string(), std::move(f));
    }
}

const StaticFile* StaticFiles::find(std::string_view path) const {
    const auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
}

std::string StaticFiles::versioned_url(std::string_view path) const {
    std::string url = "/static/" + std::string(path);
    if (const auto* f = find(path)) url += "?v=" + f->etag.substr(1, 8);
    return url;
}

}  // namespace gp::site
