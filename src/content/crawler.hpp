#pragma once

#include <string_view>

namespace gp::content {

/// True for the user agents of search engines and other bots, whose visits do not count as views
/// (访问量). Matching is case-insensitive on well-known tokens (Baiduspider, Googlebot, bingbot,
/// Sogou, 360Spider, YisouSpider, Bytespider, …) and on generic words such as "bot", "spider",
/// "crawler"; an empty user agent is treated as a bot, since browsers always send one.
bool is_crawler(std::string_view user_agent);

}  // namespace gp::content
