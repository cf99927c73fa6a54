#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "site/site.hpp"

namespace gp::site {

using nlohmann::json;

namespace {

/// A host header we are willing to put into links: letters, digits, dots, dashes, a port,
/// an IPv6 literal. Anything else falls back to relative links.
bool plausible_host(std::string_view host) {
    return !host.empty() && host.size() < 256 && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
    });
}

}  // namespace

std::string Site::absolute(const http::Request& req, std::string_view path) const {
    const auto& base = deps_.settings.site.base_url;
    if (!base.empty()) return base + std::string(path);
    const auto host = req[http::Field::host];
    if (plausible_host(host)) return "http://" + std::string(host) + std::string(path);
    return std::string(path);
}

std::string Site::script_json(const json& value) {
    // Inside <script>, "</script>" or "<!--" in a string would end or change the element;
    // escaping < > & keeps the JSON identical for parsers.
    std::string out;
    for (char c : value.dump()) {
        switch (c) {
            case '<':
                out += "\\u003c";
                break;
            case '>':
                out += "\\u003e";
                break;
            case '&':
                out += "\\u0026";
                break;
            default:
                out += c;
        }
    }
    return out;
}

json Site::breadcrumb_ld(const http::Request& req,
                         const std::vector<std::pair<std::string, std::string>>& trail) const {
    json items = json::array();
    int position = 1;
    items.push_back({{"@type", "ListItem"},
                     {"position", position++},
                     {"name", "首页"},
                     {"item", absolute(req, "/")}});
    for (const auto& [name, path] : trail) {
        items.push_back({{"@type", "ListItem"},
                         {"position", position++},
                         {"name", name},
                         {"item", absolute(req, path)}});
    }
    return {{"@context", "https://schema.org"},
            {"@type", "BreadcrumbList"},
            {"itemListElement", items}};
}

json Site::organization_ld(const http::Request& req) const {
    const auto& site = deps_.settings.site;
    json org{{"@context", "https://schema.org"},
             {"@type", "Organization"},
             {"name", site.name},
             {"url", absolute(req, "/")}};
    if (!site.hotline.empty()) {
        org["contactPoint"] = {{"@type", "ContactPoint"},
                               {"telephone", site.hotline},
                               {"contactType", "customer service"},
                               {"areaServed", "CN"},
                               {"availableLanguage", "zh-CN"}};
    }
    return org;
}

render::HeadView Site::seo(const http::Request& req, const std::string& path,
                           const std::string& title, const std::string& description,
                           const std::string& keywords, const json& json_ld) const {
    const auto& site = deps_.settings.site;
    render::HeadView head;
    head.canonical = absolute(req, path);
    const auto& desc = !description.empty()        ? description
                       : !site.description.empty() ? site.description
                                                   : site.tagline;
    if (!desc.empty()) head.meta_description = desc;
    const auto& kw = keywords.empty() ? site.keywords : keywords;
    if (!kw.empty()) head.meta_keywords = kw;
    head.og_title = title.empty() ? site.name : title;
    if (!site.share_image.empty()) {
        head.og_image =
            site.share_image.starts_with("/") ? absolute(req, site.share_image) : site.share_image;
    }
    if (!json_ld.is_null()) head.json_ld = script_json(json_ld);
    return head;
}

}  // namespace gp::site
