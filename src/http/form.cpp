#include "http/form.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include "content/html_text.hpp"

namespace gp::http {

std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(const Request& req) {
    const auto type = req[Field::content_type];
    if (!type.starts_with("application/x-www-form-urlencoded")) return std::nullopt;
    auto params = boost::urls::parse_query(req.body());
    if (!params) return std::nullopt;
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    std::vector<std::pair<std::string, std::string>> out;
    for (auto p : *params) {
        std::string key = p.key.decode(opts);
        std::string value = p.has_value ? p.value.decode(opts) : std::string{};
        if (!content::is_valid_utf8(key) || !content::is_valid_utf8(value)) return std::nullopt;
        out.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

std::string_view form_value(const std::vector<std::pair<std::string, std::string>>& fields,
                            std::string_view name) {
    for (const auto& [k, v] : fields) {
        if (k == name) return v;
    }
    return {};
}

std::string host_of(std::string_view url) {
    auto u = boost::urls::parse_absolute_uri(url);
    if (!u || !u->has_authority()) return {};
    return std::string(u->encoded_host_and_port());
}

bool same_site(const Request& req) {
    const std::string host(req[Field::host]);
    if (const auto origin = req[Field::origin]; !origin.empty()) {
        return origin != "null" && host_of(origin) == host;
    }
    if (const auto referer = req[Field::referer]; !referer.empty()) {
        return host_of(referer) == host;
    }
    return true;
}

std::optional<std::string> cookie(const Request& req, std::string_view name) {
    for (auto it = req.find(Field::cookie); it != req.end() && it->name() == Field::cookie; ++it) {
        std::string_view rest = it->value();
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            auto item = rest.substr(0, semi);
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            const auto eq = item.find('=');
            if (eq != std::string_view::npos && item.substr(0, eq) == name) {
                return std::string(item.substr(eq + 1));
            }
        }
    }
    return std::nullopt;
}

}  // namespace gp::http
