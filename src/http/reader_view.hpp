#pragma once

#include "content/crawler.hpp"
#include "http/message.hpp"

namespace gp::http {

/// Whether a request for an article page counts as a reader's view: a GET (HEAD never counts)
/// by a client that is not a known crawler. The one rule for rendered and cached answers alike.
inline bool counts_as_view(const Request& req) {
    return req.method() == Verb::get && !content::is_crawler(req[Field::user_agent]);
}

}  // namespace gp::http
