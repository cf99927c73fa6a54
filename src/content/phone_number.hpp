#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace gp::content {

/// What kind of mainland number a reader gave us.
enum class PhoneKind {
    mobile,    ///< 11 digits, 13–19 prefix
    landline,  ///< area code + 7–8 digit local number, optional extension
    service,   ///< 10-digit 400/800 number
};

/// A mainland China phone number as accepted by parse_phone_number().
struct PhoneNumber {
    PhoneKind kind = PhoneKind::mobile;
    /// "+8613812345678", "+861012345678" (landline: +86 + area code without the leading 0 + local
    /// number), "+864001234567".
    std::string e164;
    /// Digits only, "" when none. Landline and 400/800 numbers only; mobiles never have one.
    std::string extension;

    /// One stored form: e164, plus ";ext=801" when there is an extension (RFC 3966 style).
    /// parse_phone_number() accepts this form back unchanged.
    std::string normalized() const;

    /// For display to people who may not see the full number; the extension is never shown.
    ///   mobile:   first 3 + "****" + last 4           "138****5678"
    ///   landline: area code with its 0 + "****" + last 4 of the local number
    ///             "010****5678", "0755****4567"
    ///   service:  first 3 + "****" + last 3           "400****567"
    /// Always contains "****", even for a hand-built PhoneNumber with a malformed e164.
    std::string masked() const;
};

/// Why a reader's input was rejected.
struct PhoneError {
    /// Stable machine code: "empty", "too_long", "bad_chars", "mobile_length",
    /// "bad_mobile_prefix", "landline_needs_area_code", "bad_area_code", "landline_length",
    /// "bad_local_number", "service_length", "not_mainland", "bad_extension", "unknown_format".
    std::string code;
    /// Chinese, tells the reader what is wrong and how to fix it.
    std::string message;
};

/// Parses one phone number as a reader typed it into the call-back form. Never throws.
///
/// Accepts mobiles ("138 1234 5678"), landlines with area code ("010-12345678", "(021)1234-5678",
/// "0755 1234567"), 400/800 numbers ("400-123-4567"), with an optional "+86", "0086" or "86"
/// prefix (the bare "86" only when a valid number follows), "+86 (0)10 …", full-width digits,
/// brackets and "+", and spaces, dots and the usual dashes as separators.
///
/// Extensions (landline and 400/800 only, 1–6 digits) are written with a marker — "转", "分机",
/// "ext", "ext.", "x", "#", ";ext=" — or as a trailing digit group, e.g. "010-12345678-801". A
/// trailing group counts as an extension only when all the digits together are too many for the
/// number and the digits before that group are exactly a complete number; so "0755-1234567-8"
/// is the 8-digit local number 12345678, not 1234567 extension 8.
///
/// Local numbers may not start with 0 (usually a repeated area code). Unlike real exchanges they
/// may start with 1, because readers (and our own examples) write "010-12345678".
///
/// Inputs over 96 bytes or 32 characters (not counting surrounding whitespace) are rejected as
/// "too_long" before any further work; invalid UTF-8 is "bad_chars".
std::variant<PhoneNumber, PhoneError> parse_phone_number(std::string_view input);

}  // namespace gp::content
