#include "content/html_text.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <vector>

#include "content/gumbo_fragment.hpp"

namespace gp::content {
namespace {

unsigned char byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

// Length of the well-formed sequence starting at s[i] (Unicode Table 3-7), or 0 when the bytes
// there are ill-formed: a stray continuation byte, an overlong, a surrogate, a value above
// U+10FFFF or a sequence cut short.
std::size_t sequence_length(std::string_view s, std::size_t i) {
    const unsigned char lead = byte_at(s, i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead == 0xE0) {
        length = 3;
        low = 0xA0;
    } else if (lead == 0xED) {
        length = 3;
        high = 0x9F;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
        length = 3;
    } else if (lead == 0xF0) {
        length = 4;
        low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        length = 4;
    } else if (lead == 0xF4) {
        length = 4;
        high = 0x8F;
    } else {
        return 0;
    }
    if (s.size() - i < length) return 0;
    if (byte_at(s, i + 1) < low || byte_at(s, i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if ((byte_at(s, i + k) & 0xC0) != 0x80) return 0;
    }
    return length;
}

// Ill-formed bytes advance one at a time, so no caller ever lands inside a valid sequence.
std::size_t step_at(std::string_view s, std::size_t i) {
    return std::max<std::size_t>(1, sequence_length(s, i));
}

// Byte length of the whitespace character at s[i], or 0. Besides HTML's ASCII whitespace (which
// leaves out vertical tab) this covers the Unicode spaces that Chinese and Word-pasted text
// actually contain (NBSP, ideographic space, en/em spaces), compared bytewise so no ICU is needed.
std::size_t whitespace_length(std::string_view s, std::size_t i) {
    const unsigned char b = byte_at(s, i);
    if (b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r') return 1;
    const std::string_view rest = s.substr(i);
    if (rest.starts_with("\xC2\xA0")) return 2;
    if (rest.size() < 3) return 0;
    if (rest.starts_with("\xE3\x80\x80") || rest.starts_with("\xE1\x9A\x80")) return 3;
    if (rest.starts_with("\xE2\x80")) {
        const unsigned char c = byte_at(rest, 2);
        if (c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF) return 3;
    }
    if (rest.starts_with("\xE2\x81\x9F")) return 3;
    return 0;
}

bool is_break_punctuation(std::string_view code_point) {
    static constexpr std::array<std::string_view, 5> kBreaks = {"。", "；", "，", "！", "？"};
    return std::find(kBreaks.begin(), kBreaks.end(), code_point) != kBreaks.end();
}

std::string collapse_whitespace(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < raw.size();) {
        if (const std::size_t ws = whitespace_length(raw, i); ws != 0) {
            pending_space = !out.empty();
            i += ws;
            continue;
        }
        // Controls that character references let through show nothing and break XML feeds.
        if (const unsigned char b = byte_at(raw, i); b < 0x20 || b == 0x7F) {
            ++i;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        const std::size_t step = step_at(raw, i);
        out.append(raw.substr(i, step));
        i += step;
    }
    return out;
}

bool contains(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements whose content a reader never sees, even though the parser keeps it as text.
bool is_invisible(std::string_view tag) {
    return contains(tag, {"script", "style", "template", "noscript", "noframes", "noembed",
                          "iframe", "head", "title"});
}

// Elements a browser lays out on their own line or cell, so words on either side stay apart.
bool separates_words(std::string_view tag) {
    return contains(
        tag, {"address", "article", "aside", "blockquote", "br",      "caption", "dd",    "details",
              "div",     "dl",      "dt",    "figcaption", "figure",  "footer",  "h1",    "h2",
              "h3",      "h4",      "h5",    "h6",         "header",  "hr",      "li",    "main",
              "nav",     "ol",      "p",     "pre",        "section", "summary", "table", "tbody",
              "td",      "tfoot",   "th",    "thead",      "tr",      "ul"});
}

}  // namespace

std::string html_to_text(std::string_view html) {
    if (html.empty()) return {};
    const GumboDocument output = parse_fragment(html);
    if (!output) return {};

    struct Frame {
        const GumboVector* children;
        unsigned int next;
        bool separate;
    };
    std::string raw;
    // An explicit stack, because a hostile document can nest deeper than the thread's stack.
    std::vector<Frame> stack{{&output->root->v.element.children, 0, false}};
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == top.children->length) {
            if (top.separate) raw += ' ';
            stack.pop_back();
            continue;
        }
        const auto* node = static_cast<const GumboNode*>(top.children->data[top.next++]);
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA) {
            raw += node->v.text.text;
        } else if (node->type == GUMBO_NODE_ELEMENT) {
            const GumboElement& element = node->v.element;
            const std::string_view tag = gumbo_normalized_tagname(element.tag);
            if (is_invisible(tag)) continue;
            const bool separate = separates_words(tag);
            if (separate) raw += ' ';
            stack.push_back({&element.children, 0, separate});
        }
    }
    return collapse_whitespace(raw);
}

std::string summarize(std::string_view text, std::size_t max_chars) {
    if (utf8_length(text) <= max_chars) return std::string(text);
    if (max_chars == 0) return {};
    static constexpr std::string_view kEllipsis = "…";
    const std::size_t budget = max_chars - 1;
    const std::size_t earliest_cut = budget - budget * 3 / 10;

    std::size_t offset = 0;  // byte offset after `kept` code points
    std::size_t preferred_cut = std::string_view::npos;
    for (std::size_t kept = 0;; ++kept) {
        if (kept >= earliest_cut && kept > 0) {
            if (whitespace_length(text, offset) != 0) preferred_cut = offset;
        }
        if (kept == budget) break;
        const std::size_t step = step_at(text, offset);
        offset += step;
        if (kept + 1 >= earliest_cut && is_break_punctuation(text.substr(offset - step, step))) {
            preferred_cut = offset;
        }
    }
    std::string_view head =
        text.substr(0, preferred_cut != std::string_view::npos ? preferred_cut : offset);
    // Drop trailing whitespace so the ellipsis sits against the last word.
    while (!head.empty()) {
        std::size_t start = head.size() - 1;
        while (start > 0 && (byte_at(head, start) & 0xC0) == 0x80) --start;
        if (whitespace_length(head, start) != head.size() - start) break;
        head = head.substr(0, start);
    }
    std::string summary(head);
    summary += kEllipsis;
    return summary;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); i += step_at(s, i)) ++count;
    return count;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t length = sequence_length(s, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

}  // namespace gp::content
