#include "demo/demo_site.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "content/rfc3339.hpp"

namespace gp::demo {
namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the demo site's " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The demo's readers are in China; its dates are written in Beijing time, as the generator does.
constexpr std::chrono::hours kBeijingOffset{8};

}  // namespace

DemoSite read_demo_site(const std::filesystem::path& dir) {
    DemoSite site;
    site.document = read_file(dir / "content.json");
    auto dated = read_file(dir / "dated_at.txt");
    while (!dated.empty() && (dated.back() == '\n' || dated.back() == '\r')) dated.pop_back();
    const auto at = content::parse_rfc3339(dated);
    if (!at) throw std::runtime_error((dir / "dated_at.txt").string() + ": not an RFC 3339 date");
    site.dated_at = *at;
    return site;
}

std::string dated_for(const DemoSite& site, content::Time now) {
    using std::chrono::days;
    // floor, not truncation: a clock before the document's date moves it back, never forward.
    const auto shift = std::chrono::floor<days>(now - site.dated_at);
    auto doc = nlohmann::json::parse(site.document);
    for (auto& article : doc.at("articles")) {
        auto field = article.find("published_at");
        if (field == article.end() || !field->is_string()) continue;
        const auto at = content::parse_rfc3339(field->get<std::string>());
        if (!at) throw std::runtime_error("demo site: bad published_at " + field->dump());
        *field = content::format_rfc3339(*at + shift, kBeijingOffset);
    }
    return doc.dump();
}

const std::string_view kDemoConfig =
    R"(# The demo site's settings; every key is described in guardpress.example.toml.
[site]
name = "安盾等保资讯网"
tagline = "专注网络安全等级保护测评、咨询与整改"
hotline = "400-000-0000"
icp_record = "沪ICP备00000000号-1"
police_record = "沪公网安备00000000000000号"
keywords = "等级保护,等保2.0,等保测评,网络安全"
description = "等保资讯、等保政策解读、测评案例与常见问题，帮助单位顺利通过网络安全等级保护测评。"

[widgets]
consult_label = "等保测评咨询"
consult_url = "https://guardpress.example/consult"
wechat_url = "https://guardpress.example/wechat"
wechat_caption = "微信扫一扫，获取等保资料"
)";

}  // namespace gp::demo
