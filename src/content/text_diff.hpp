#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gp::content {

enum class DiffOp { same, removed, added };

struct DiffPart {
    DiffOp op = DiffOp::same;
    std::string text;
};

/// The changes from `before` to `after`, character by character (Chinese has no spaces to
/// split words on, and one changed character is what an editor looks for), merged into runs.
/// Texts longer than a bound are compared line by line instead, so the cost stays bounded.
/// Ill-formed UTF-8 bytes are compared as single bytes.
std::vector<DiffPart> diff_text(std::string_view before, std::string_view after);

}  // namespace gp::content
