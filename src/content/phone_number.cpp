#include "content/phone_number.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gp::content {
namespace {

// The byte cap is checked before decoding so hostile input costs nothing. Every character we
// accept is at most 3 bytes in UTF-8, so it never cuts off an input within the character cap,
// which is the one readers actually meet.
constexpr std::size_t kMaxInputChars = 32;
constexpr std::size_t kMaxInputBytes = kMaxInputChars * 3;
constexpr std::size_t kMaxExtensionDigits = 6;

using Result = std::variant<PhoneNumber, PhoneError>;

PhoneError error(std::string code, std::string message) {
    return PhoneError{std::move(code), std::move(message)};
}

PhoneError empty_error() { return error("empty", "请输入您的联系电话。"); }
PhoneError too_long_error() {
    return error("too_long", "号码太长了，请只填写一个电话号码（不超过 32 个字符）。");
}
PhoneError bad_chars_error() {
    return error("bad_chars", "请只输入数字，可包含空格、横线和括号。");
}
PhoneError mobile_length_error() {
    return error("mobile_length", "手机号码位数不对，应为 11 位。");
}
PhoneError mobile_prefix_error() {
    return error("bad_mobile_prefix", "手机号码应以 13 至 19 开头，请检查是否输错。");
}
PhoneError needs_area_code_error() {
    return error("landline_needs_area_code", "座机请加区号，例如 010-12345678。");
}
PhoneError area_code_error() {
    return error("bad_area_code", "区号不正确：区号以 0 开头，共 3 到 4 位，例如 010、021、0755。");
}
PhoneError landline_length_error() {
    return error("landline_length",
                 "座机号码位数不对：区号后应为 7 到 8 位号码，例如 010-12345678。");
}
PhoneError local_number_error() {
    return error("bad_local_number",
                 "座机号码（区号后的部分）不能以 0 开头，请检查是否重复输入了区号。");
}
PhoneError service_length_error() {
    return error("service_length", "400/800 号码应为 10 位，例如 400-123-4567。");
}
PhoneError not_mainland_error() { return error("not_mainland", "目前只支持中国大陆的电话号码。"); }
PhoneError extension_error() {
    return error("bad_extension", "分机号应为 1 到 6 位数字，例如 010-12345678 转 801。");
}
PhoneError mobile_extension_error() {
    return error("bad_extension", "手机号码没有分机号，请去掉分机号部分。");
}
PhoneError unknown_format_error() {
    return error("unknown_format",
                 "无法识别这个号码，请填写 11 位手机号码，或带区号的座机号码（例如 "
                 "010-12345678）。");
}

// Strict decoder: overlong forms, surrogates and truncated sequences are all failures, because
// anything we cannot decode exactly is something we cannot safely echo back either.
bool decode_utf8(std::string_view s, std::vector<char32_t>& out) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        std::size_t len = 0;
        char32_t cp = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            cp = b0 & 0x0F;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            cp = b0 & 0x07;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            const unsigned char min = k == 1 ? lo : 0x80;
            const unsigned char max = k == 1 ? hi : 0xBF;
            if (b < min || b > max) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        out.push_back(cp);
        i += len;
    }
    return true;
}

bool is_space(char32_t c) {
    // U+200B and U+FEFF arrive invisibly with numbers copied from web pages and documents.
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0x00A0 || c == 0x3000 ||
           c == 0x200B || c == 0xFEFF;
}

bool is_dash_or_dot(char32_t c) {
    return c == U'-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFF0D || c == U'.' ||
           c == 0xFF0E;
}

char32_t ascii_lower(char32_t c) { return c >= U'A' && c <= U'Z' ? c + (U'a' - U'A') : c; }

enum class TokenType { digit, separator, open, close, plus, extension_marker };

struct Token {
    TokenType type;
    char digit = 0;
};

// Maps code points to tokens; nullopt means a character a phone number cannot contain.
std::optional<std::vector<Token>> tokenize(const std::vector<char32_t>& cps, std::size_t begin,
                                           std::size_t end) {
    std::vector<Token> tokens;
    auto matches = [&](std::size_t at, std::u32string_view word) {
        if (at + word.size() > end) return false;
        for (std::size_t k = 0; k < word.size(); ++k) {
            if (ascii_lower(cps[at + k]) != word[k]) return false;
        }
        return true;
    };
    for (std::size_t i = begin; i < end; ++i) {
        const char32_t c = cps[i];
        if (c >= U'0' && c <= U'9') {
            tokens.push_back({TokenType::digit, static_cast<char>('0' + (c - U'0'))});
        } else if (c >= 0xFF10 && c <= 0xFF19) {
            tokens.push_back({TokenType::digit, static_cast<char>('0' + (c - 0xFF10))});
        } else if (is_space(c) || is_dash_or_dot(c)) {
            tokens.push_back({TokenType::separator});
        } else if (c == U'(' || c == 0xFF08) {
            tokens.push_back({TokenType::open});
        } else if (c == U')' || c == 0xFF09) {
            tokens.push_back({TokenType::close});
        } else if (c == U'+' || c == 0xFF0B) {
            tokens.push_back({TokenType::plus});
        } else if (c == U'#' || c == 0xFF03 || c == U'转' || ascii_lower(c) == U'x') {
            tokens.push_back({TokenType::extension_marker});
        } else if (matches(i, U"ext")) {
            tokens.push_back({TokenType::extension_marker});
            i += 2;
        } else if (matches(i, U";ext=")) {
            // Our own normalized() form, so stored numbers parse back.
            tokens.push_back({TokenType::extension_marker});
            i += 4;
        } else if (matches(i, U"分机")) {
            tokens.push_back({TokenType::extension_marker});
            i += 1;
        } else {
            return std::nullopt;
        }
    }
    return tokens;
}

// The digits a reader typed, with just enough of their grouping kept to find an extension
// written as a trailing group ("010-12345678-801").
struct Digits {
    std::string digits;          // everything before an extension marker, prefixes included
    std::size_t last_break = 0;  // index where the last digit group starts; 0 = one group only
    bool has_plus = false;
    bool has_extension = false;  // an explicit marker was present
    std::string extension;
};

std::variant<Digits, PhoneError> collect_digits(const std::vector<Token>& tokens) {
    Digits d;
    bool in_bracket = false;
    bool pending_break = false;
    for (const Token& t : tokens) {
        if (d.has_extension) {
            if (t.type == TokenType::digit) {
                d.extension.push_back(t.digit);
            } else if (t.type != TokenType::separator) {
                return extension_error();
            }
            continue;
        }
        switch (t.type) {
            case TokenType::digit:
                if (pending_break && !d.digits.empty()) d.last_break = d.digits.size();
                pending_break = false;
                d.digits.push_back(t.digit);
                break;
            case TokenType::separator:
                pending_break = true;
                break;
            case TokenType::open:
                if (in_bracket) return unknown_format_error();
                in_bracket = true;
                pending_break = true;
                break;
            case TokenType::close:
                if (!in_bracket) return unknown_format_error();
                in_bracket = false;
                pending_break = true;
                break;
            case TokenType::plus:
                // A "+" only makes sense as the very start of an international number.
                if (d.has_plus || !d.digits.empty()) return unknown_format_error();
                d.has_plus = true;
                break;
            case TokenType::extension_marker:
                if (d.digits.empty() || in_bracket) return unknown_format_error();
                d.has_extension = true;
                break;
        }
    }
    if (in_bracket) return unknown_format_error();
    if (d.digits.empty()) return unknown_format_error();
    if (d.has_extension && (d.extension.empty() || d.extension.size() > kMaxExtensionDigits)) {
        return extension_error();
    }
    return d;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool is_service_prefix(std::string_view s) {
    return starts_with(s, "400") || starts_with(s, "800");
}

// Splits off a trailing digit group as the extension when the number needs exactly `main_len`
// digits. `last_len` is the length of the last group (0 when the reader typed one group only).
std::optional<std::string> split_trailing_extension(std::string_view national, std::size_t main_len,
                                                    std::size_t last_len) {
    if (last_len == 0 || last_len > kMaxExtensionDigits) return std::nullopt;
    if (national.size() <= last_len || national.size() - last_len != main_len) return std::nullopt;
    return std::string(national.substr(main_len));
}

Result parse_mobile(std::string_view national, const Digits& d) {
    if (national.size() != 11) return mobile_length_error();
    if (national[1] < '3') return mobile_prefix_error();
    if (d.has_extension) return mobile_extension_error();
    return PhoneNumber{PhoneKind::mobile, "+86" + std::string(national), ""};
}

Result parse_service(std::string_view national, const Digits& d, std::size_t last_len) {
    constexpr std::size_t kServiceLength = 10;
    if (national.size() == kServiceLength) {
        return PhoneNumber{PhoneKind::service, "+86" + std::string(national), d.extension};
    }
    if (!d.has_extension) {
        if (auto ext = split_trailing_extension(national, kServiceLength, last_len)) {
            return PhoneNumber{PhoneKind::service,
                               "+86" + std::string(national.substr(0, kServiceLength)), *ext};
        }
    }
    return service_length_error();
}

// `national` starts with the trunk 0, e.g. "01012345678".
Result parse_landline(std::string_view national, const Digits& d, std::size_t last_len) {
    if (national.size() < 2) return unknown_format_error();
    std::size_t area_len = 0;
    if (national[1] == '0') {
        return area_code_error();
    } else if (national[1] == '1') {
        // 010 (Beijing) is the only area code starting 01.
        if (national.size() >= 3 && national[2] != '0') return area_code_error();
        area_len = 3;
    } else if (national[1] == '2') {
        area_len = 3;
    } else {
        area_len = 4;
        // Would be indistinguishable from 400/800 numbers once written as +86…, and no such
        // area codes exist.
        if (starts_with(national, "0400") || starts_with(national, "0800")) {
            return area_code_error();
        }
    }
    if (national.size() <= area_len) return landline_length_error();
    std::string_view local = national.substr(area_len);
    if (local[0] == '0') return local_number_error();
    auto local_ok = [](std::size_t n) { return n == 7 || n == 8; };
    std::string extension = d.extension;
    if (!local_ok(local.size())) {
        std::optional<std::string> ext;
        if (!d.has_extension) {
            for (std::size_t n : {std::size_t{7}, std::size_t{8}}) {
                if (!ext) ext = split_trailing_extension(local, n, last_len);
            }
        }
        if (!ext) return landline_length_error();
        local = local.substr(0, local.size() - ext->size());
        extension = std::move(*ext);
    }
    std::string e164 = "+86";
    e164.append(national.substr(1, area_len - 1));
    e164.append(local);
    return PhoneNumber{PhoneKind::landline, std::move(e164), std::move(extension)};
}

// `national` is the number as dialled inside the mainland: landlines with their leading 0.
Result parse_national(std::string_view national, const Digits& d, std::size_t last_len) {
    if (national[0] == '0') return parse_landline(national, d, last_len);
    if (national[0] == '1') return parse_mobile(national, d);
    if (is_service_prefix(national) && national.size() >= 9) {
        return parse_service(national, d, last_len);
    }
    // 7–8 digits not starting 0/1 is exactly what a local number without its area code looks like.
    if (national.size() == 7 || national.size() == 8) return needs_area_code_error();
    return unknown_format_error();
}

// Parses what follows a "+86", "0086" or "86" at `start` in d.digits.
Result parse_after_country_code(const Digits& d, std::size_t start) {
    std::size_t nsn_start = start;
    // "+86 (0)10 …" and "+86 010 …": the trunk 0 is not dialled from abroad, but readers type it.
    if (nsn_start < d.digits.size() && d.digits[nsn_start] == '0') ++nsn_start;
    if (nsn_start >= d.digits.size()) return unknown_format_error();
    const std::string_view nsn = std::string_view(d.digits).substr(nsn_start);
    const std::size_t last_len = d.last_break > nsn_start ? d.digits.size() - d.last_break : 0;
    const bool landline = !(nsn[0] == '1' && !starts_with(nsn, "10")) && !is_service_prefix(nsn);
    if (!landline) return parse_national(nsn, d, last_len);
    return parse_national("0" + std::string(nsn), d, last_len);
}

Result parse_digits(const Digits& d) {
    const std::string_view s = d.digits;
    if (d.has_plus) {
        if (starts_with(s, "86")) return parse_after_country_code(d, 2);
        // Country codes never start with 0, so "+0…" is a typo rather than another country.
        if (s[0] == '0') return unknown_format_error();
        return not_mainland_error();
    }
    if (s.size() >= 4 && starts_with(s, "00")) {
        if (starts_with(s, "0086")) return parse_after_country_code(d, 4);
        if (s[2] != '0') return not_mainland_error();
    }
    if (starts_with(s, "86")) {
        // No national number starts with 86, so a bare 86 is a country code whenever what
        // follows is a valid number; otherwise report on the digits as typed.
        Result r = parse_after_country_code(d, 2);
        if (std::holds_alternative<PhoneNumber>(r)) return r;
    }
    const std::size_t last_len = d.last_break > 0 ? s.size() - d.last_break : 0;
    return parse_national(s, d, last_len);
}

}  // namespace

std::string PhoneNumber::normalized() const {
    if (extension.empty()) return e164;
    return e164 + ";ext=" + extension;
}

std::string PhoneNumber::masked() const {
    constexpr std::string_view kStars = "****";
    const std::string_view nsn =
        starts_with(e164, "+86") ? std::string_view(e164).substr(3) : std::string_view{};
    auto tail = [&](std::size_t n) { return nsn.size() >= n ? nsn.substr(nsn.size() - n) : nsn; };
    std::string out;
    switch (kind) {
        case PhoneKind::mobile:
            if (nsn.size() < 7) break;
            out.append(nsn.substr(0, 3)).append(kStars).append(tail(4));
            return out;
        case PhoneKind::landline: {
            const std::size_t area_len = (starts_with(nsn, "1") || starts_with(nsn, "2")) ? 2 : 3;
            if (nsn.size() < area_len + 4) break;
            out.append("0").append(nsn.substr(0, area_len)).append(kStars).append(tail(4));
            return out;
        }
        case PhoneKind::service:
            if (nsn.size() < 6) break;
            out.append(nsn.substr(0, 3)).append(kStars).append(tail(3));
            return out;
    }
    return std::string(kStars);
}

std::variant<PhoneNumber, PhoneError> parse_phone_number(std::string_view input) {
    if (input.size() > kMaxInputBytes) return too_long_error();
    std::vector<char32_t> cps;
    cps.reserve(input.size());
    if (!decode_utf8(input, cps)) return bad_chars_error();
    std::size_t begin = 0, end = cps.size();
    while (begin < end && is_space(cps[begin])) ++begin;
    while (end > begin && is_space(cps[end - 1])) --end;
    if (begin == end) return empty_error();
    if (end - begin > kMaxInputChars) return too_long_error();
    const auto tokens = tokenize(cps, begin, end);
    if (!tokens) return bad_chars_error();
    auto collected = collect_digits(*tokens);
    if (auto* e = std::get_if<PhoneError>(&collected)) return std::move(*e);
    return parse_digits(std::get<Digits>(collected));
}

}  // namespace gp::content
