#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "content/query_count.hpp"

namespace gp::cache {

/// Searches waiting to be counted in the store: like page views, a search never writes to the
/// store; a flusher moves the batch (docs/design.md "Shared state"). Only the normalised query text
/// and its result count are kept, nothing about the reader. Thread-safe.
class QueryCounter {
public:
    virtual ~QueryCounter() = default;
    virtual void add(const std::string& normalized_query, std::int64_t results) = 0;
    /// Removes and returns everything pending; hand it back with restore() if writing fails.
    virtual std::vector<content::QueryCount> take() = 0;
    virtual void restore(const std::vector<content::QueryCount>& batch) = 0;
};

}  // namespace gp::cache
