#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gp::content {

struct PreparedBody {
    std::string body_html;  ///< sanitised
    std::string summary;    ///< the given one, or derived from the body
};

constexpr std::size_t kSummaryChars = 120;

/// What every write path does to an article body before it reaches the store: sanitise it by
/// the allowlist and derive a summary when none was given (or it is blank).
PreparedBody prepare_body(std::string_view untrusted_html,
                          const std::optional<std::string>& summary);

}  // namespace gp::content
