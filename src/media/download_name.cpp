#include "media/download_name.hpp"

#include <fmt/format.h>

namespace gp::media {
namespace {

constexpr std::size_t kMaxCharacters = 120;

/// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not well formed.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    if (n == 2 && c < 0xC2) return 0;  // overlong
    return n;
}

bool is_attr_char(unsigned char c) {
    // RFC 5987 attr-char: what may appear unescaped in filename*.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string display_name(std::string_view uploaded, std::string_view fallback) {
    if (const auto slash = uploaded.find_last_of("/\\"); slash != std::string_view::npos) {
        uploaded.remove_prefix(slash + 1);
    }
    std::string out;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < uploaded.size() && characters < kMaxCharacters;) {
        const auto n = utf8_length(uploaded, i);
        if (n == 0) {
            ++i;
            continue;
        }
        const auto c = static_cast<unsigned char>(uploaded[i]);
        const bool control = n == 1 && (c < 0x20 || c == 0x7F);
        // C1 controls (U+0080–U+009F) and the bidirectional overrides that disguise an
        // extension (U+202A–U+202E, U+2066–U+2069).
        const auto seq = uploaded.substr(i, n);
        const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(seq[1]) < 0xA0;
        const auto b1 = n == 3 ? static_cast<unsigned char>(seq[1]) : 0;
        const auto b2 = n == 3 ? static_cast<unsigned char>(seq[2]) : 0;
        const bool bidi = c == 0xE2 && ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) ||
                                        (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9));
        if (!control && !c1 && !bidi && !(out.empty() && (c == '.' || c == ' '))) {
            out += seq;
            ++characters;
        }
        i += n;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
    return out.empty() ? std::string(fallback) : out;
}

std::string content_disposition(std::string_view disposition, std::string_view name) {
    std::string ascii;
    std::string encoded;
    for (unsigned char c : name) {
        ascii += (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
        if (is_attr_char(c)) {
            encoded += static_cast<char>(c);
        } else {
            encoded += fmt::format("%{:02X}", c);
        }
    }
    return fmt::format("{}; filename=\"{}\"; filename*=UTF-8''{}", disposition, ascii, encoded);
}

}  // namespace gp::media
