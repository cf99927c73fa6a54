#include "content/utf8_text.hpp"

#include "content/html_text.hpp"

namespace gp::content {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The length a lead byte announces; 0 for a byte that cannot start a sequence.
std::size_t announced_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xC2) return 0;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    if (lead < 0xF5) return 4;
    return 0;
}

}  // namespace

std::string repair_utf8(std::string_view s) {
    if (is_valid_utf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 2 * kReplacement.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto length = announced_length(static_cast<unsigned char>(s[i]));
        const auto candidate = s.substr(i, length);
        if (length != 0 && candidate.size() == length && is_valid_utf8(candidate)) {
            out += candidate;
            i += length;
        } else {
            out += kReplacement;
            ++i;
        }
    }
    return out;
}

std::string clip_utf8(std::string_view s, std::size_t max_chars) {
    auto text = repair_utf8(s);
    std::size_t end = 0;
    for (std::size_t kept = 0; kept < max_chars && end < text.size(); ++kept) {
        end += announced_length(static_cast<unsigned char>(text[end]));
    }
    text.resize(end);
    return text;
}

}  // namespace gp::content
