#pragma once

#include <cstdint>
#include <string>

namespace gp::content {

/// How often one normalised query was searched: the query text only, nothing about who asked.
struct QueryCount {
    std::string query;
    std::int64_t searches = 0;
    std::int64_t no_hit_searches = 0;
    std::int64_t last_results = 0;  ///< result count of the latest search
};

}  // namespace gp::content
