#pragma once

#include <string_view>

#include "pagecache/page_body.hpp"

namespace gp::pagecache {

/// The best encoding an Accept-Encoding header allows among those a page has: br, then gzip,
/// then identity. A coding with q=0 is refused; "*" stands for any coding not named.
Encoding choose_encoding(std::string_view accept_encoding, bool have_gzip, bool have_br);

}  // namespace gp::pagecache
