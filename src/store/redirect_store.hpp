#pragma once

#include <optional>
#include <string>
#include <vector>

#include "content/article.hpp"

namespace gp::store {

struct Redirect {
    std::string from_path;
    std::string to_path;
    int code = 301;
};

/// Paths that moved. Every method throws on store failure.
class RedirectStore {
public:
    virtual ~RedirectStore() = default;
    /// Adds or replaces the redirect from `from_path`.
    virtual void put_redirect(const Redirect& redirect, content::Time now) = 0;
    virtual std::optional<Redirect> find_redirect(const std::string& from_path) = 0;
    virtual std::vector<Redirect> list_redirects() = 0;
};

}  // namespace gp::store
