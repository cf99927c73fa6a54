#include "pagecache/accept_encoding.hpp"

#include <algorithm>
#include <cctype>

namespace gp::pagecache {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// True unless the parameters say q=0 (q=0, q=0.0, q=0.000).
bool acceptable(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        auto p = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            auto v = trim(p.substr(2));
            if (v.empty() || v[0] != '0') return true;
            return v.find_first_not_of("0.", 0) != std::string_view::npos;
        }
    }
    return true;
}

}  // namespace

Encoding choose_encoding(std::string_view header, bool have_gzip, bool have_br) {
    int gzip = -1;  // -1 not named, 0 refused, 1 accepted
    int br = -1;
    int any = -1;
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const auto semi = item.find(';');
        const auto name = trim(item.substr(0, semi));
        const int ok =
            acceptable(semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1))
                ? 1
                : 0;
        if (iequals(name, "gzip") || iequals(name, "x-gzip")) {
            gzip = ok;
        } else if (iequals(name, "br")) {
            br = ok;
        } else if (name == "*") {
            any = ok;
        }
    }
    if (have_br && (br == 1 || (br == -1 && any == 1))) return Encoding::br;
    if (have_gzip && (gzip == 1 || (gzip == -1 && any == 1))) return Encoding::gzip;
    return Encoding::identity;
}

}  // namespace gp::pagecache
