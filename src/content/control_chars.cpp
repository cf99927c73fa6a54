#include "content/control_chars.hpp"

#include <fmt/format.h>

#include "content/html_text.hpp"

namespace gp::content {
namespace {

/// The length of the well-formed UTF-8 sequence at the start of `s`, or 0 when there is none.
std::size_t sequence_at(std::string_view s) {
    const auto c = static_cast<unsigned char>(s.front());
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > s.size() || !is_valid_utf8(s.substr(0, n))) return 0;
    return n;
}

/// The code point of a well-formed sequence.
char32_t decode(std::string_view seq) {
    const auto b = [&](std::size_t i) { return static_cast<char32_t>(seq[i] & 0x3F); };
    const auto lead = static_cast<unsigned char>(seq[0]);
    switch (seq.size()) {
        case 1:
            return lead;
        case 2:
            return (char32_t{lead} & 0x1F) << 6 | b(1);
        case 3:
            return (char32_t{lead} & 0x0F) << 12 | b(1) << 6 | b(2);
        default:
            return (char32_t{lead} & 0x07) << 18 | b(1) << 12 | b(2) << 6 | b(3);
    }
}

bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/// Calls `keep(seq)` for each printable sequence and `drop(byte or code point, is_byte)` for
/// each invalid byte and control character.
template <typename Keep, typename Drop>
void scan(std::string_view s, Keep keep, Drop drop) {
    while (!s.empty()) {
        const auto n = sequence_at(s);
        if (n == 0) {
            drop(static_cast<unsigned char>(s.front()), true);
            s.remove_prefix(1);
            continue;
        }
        const auto seq = s.substr(0, n);
        if (const auto cp = decode(seq); is_control(cp)) {
            drop(cp, cp < 0x80);
        } else {
            keep(seq);
        }
        s.remove_prefix(n);
    }
}

}  // namespace

std::string escape_control_chars(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    scan(
        s, [&](std::string_view seq) { out += seq; },
        [&](char32_t c, bool byte) {
            out += byte ? fmt::format("\\x{:02x}", static_cast<unsigned>(c))
                        : fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        });
    return out;
}

std::string strip_control_chars(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    scan(
        s, [&](std::string_view seq) { out += seq; }, [](char32_t, bool) {});
    return out;
}

}  // namespace gp::content
