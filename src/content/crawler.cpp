#include "content/crawler.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace gp::content {
namespace {

// Lower-case tokens. Generic ones ("bot", "spider", "crawl") catch most of the long tail;
// the named ones are those whose agents lack any of the generic words.
constexpr std::array<std::string_view, 22> kTokens{"bot",
                                                   "spider",
                                                   "crawl",
                                                   "slurp",
                                                   "baiduspider",
                                                   "googlebot",
                                                   "bingbot",
                                                   "sogou",
                                                   "360spider",
                                                   "haosouspider",
                                                   "yisouspider",
                                                   "bytespider",
                                                   "yandex",
                                                   "duckduckgo",
                                                   "petalbot",
                                                   "semrush",
                                                   "ahrefs",
                                                   "mj12",
                                                   "facebookexternalhit",
                                                   "headlesschrome",
                                                   "curl/",
                                                   "wget/"};

}  // namespace

bool is_crawler(std::string_view user_agent) {
    if (user_agent.empty()) return true;
    std::string lower(user_agent.substr(0, 512));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::any_of(kTokens.begin(), kTokens.end(),
                       [&](std::string_view t) { return lower.find(t) != std::string::npos; });
}

}  // namespace gp::content
