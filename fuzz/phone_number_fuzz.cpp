#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "content/phone_number.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, std::string_view output) {
    std::fprintf(stderr, "%s\ninput:  %.*s\noutput: %.*s\n", what, static_cast<int>(input.size()),
                 input.data(), static_cast<int>(output.size()), output.data());
    std::abort();
}

bool all_digits(std::string_view s) {
    for (const char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

// The stored form is what other systems dial, so it must be exactly "+86" digits [";ext=" digits].
bool is_stored_form(std::string_view s) {
    if (s.substr(0, 3) != "+86") return false;
    s.remove_prefix(3);
    const std::size_t ext = s.find(";ext=");
    if (ext == std::string_view::npos) return !s.empty() && all_digits(s);
    const std::string_view number = s.substr(0, ext);
    const std::string_view extension = s.substr(ext + 5);
    return !number.empty() && all_digits(number) && !extension.empty() && all_digits(extension);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto result = gp::content::parse_phone_number(input);
    if (const auto* err = std::get_if<gp::content::PhoneError>(&result)) {
        if (err->code.empty() || err->message.empty()) fail("empty error", input, err->code);
        return 0;
    }
    const auto& phone = std::get<gp::content::PhoneNumber>(result);
    const std::string normalized = phone.normalized();
    if (!is_stored_form(normalized)) fail("normalized() not +86 digits", input, normalized);
    const auto again = gp::content::parse_phone_number(normalized);
    const auto* reparsed = std::get_if<gp::content::PhoneNumber>(&again);
    if (!reparsed) fail("normalized() rejected on re-parse", input, normalized);
    if (reparsed->normalized() != normalized || reparsed->kind != phone.kind) {
        fail("re-parse changed the number", input, reparsed->normalized());
    }
    const std::string masked = phone.masked();
    if (masked.find("****") == std::string::npos) fail("masked() without ****", input, masked);
    return 0;
}
