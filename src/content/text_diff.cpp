#include "content/text_diff.hpp"

#include <dtl/dtl.hpp>

namespace gp::content {
namespace {

// Past this many units on both sides together the character diff gives way to lines: the
// O((N+M)·D) algorithm stays fast for a few pages of text, not for a whole book rewritten.
constexpr std::size_t kMaxCharUnits = 60000;

std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

std::vector<std::string> characters(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        auto n = utf8_length(static_cast<unsigned char>(text[i]));
        if (i + n > text.size()) n = 1;
        out.emplace_back(text.substr(i, n));
        i += n;
    }
    return out;
}

std::vector<std::string> lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        end = end == std::string_view::npos ? text.size() : end + 1;
        out.emplace_back(text.substr(start, end - start));
        start = end;
    }
    return out;
}

}  // namespace

std::vector<DiffPart> diff_text(std::string_view before, std::string_view after) {
    auto a = characters(before);
    auto b = characters(after);
    if (a.size() + b.size() > kMaxCharUnits) {
        a = lines(before);
        b = lines(after);
    }
    dtl::Diff<std::string, std::vector<std::string>> diff(a, b);
    diff.onHuge();
    diff.compose();
    std::vector<DiffPart> out;
    for (const auto& [unit, info] : diff.getSes().getSequence()) {
        const DiffOp op = info.type == dtl::SES_ADD      ? DiffOp::added
                          : info.type == dtl::SES_DELETE ? DiffOp::removed
                                                         : DiffOp::same;
        if (out.empty() || out.back().op != op) out.push_back({op, {}});
        out.back().text += unit;
    }
    return out;
}

}  // namespace gp::content
