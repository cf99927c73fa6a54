#include "content/html_depth.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace gp::content {
namespace {

constexpr std::size_t kEnd = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

// What this scan needs to know of an element, by its name.
enum Trait : unsigned {
    kVoid = 1U << 0,             // inserted and popped at once (<image> becomes <img>)
    kClosesParagraph = 1U << 1,  // closes a <p> in button scope
    kListItem = 1U << 2,
    kDefinition = 1U << 3,  // <dd>, <dt>
    kCell = 1U << 4,
    kRow = 1U << 5,
    kRowGroup = 1U << 6,  // <tbody>, <thead>, <tfoot>
    kForeign = 1U << 7,   // <svg>, <math>
    kRcdata = 1U << 8,
    kRawText = 1U << 9,
    kScript = 1U << 10,
    kPlainText = 1U << 11,
    kIgnoresRawText = 1U << 12,  // <select>, <template>: see start_tag
    kParagraph = 1U << 13,
};

struct Named {
    std::string_view name;
    unsigned traits;
};

// Sorted by name. <form> and <table> do not close a paragraph here: a second <form> is ignored,
// and a quirks-mode <table> leaves the paragraph open.
constexpr std::array kElements{
    Named{"address", kClosesParagraph},
    Named{"area", kVoid},
    Named{"article", kClosesParagraph},
    Named{"aside", kClosesParagraph},
    Named{"base", kVoid},
    Named{"basefont", kVoid},
    Named{"bgsound", kVoid},
    Named{"blockquote", kClosesParagraph},
    Named{"br", kVoid},
    Named{"center", kClosesParagraph},
    Named{"col", kVoid},
    Named{"dd", kClosesParagraph | kDefinition},
    Named{"details", kClosesParagraph},
    Named{"dialog", kClosesParagraph},
    Named{"dir", kClosesParagraph},
    Named{"div", kClosesParagraph},
    Named{"dl", kClosesParagraph},
    Named{"dt", kClosesParagraph | kDefinition},
    Named{"embed", kVoid},
    Named{"fieldset", kClosesParagraph},
    Named{"figcaption", kClosesParagraph},
    Named{"figure", kClosesParagraph},
    Named{"footer", kClosesParagraph},
    Named{"frame", kVoid},
    Named{"h1", kClosesParagraph},
    Named{"h2", kClosesParagraph},
    Named{"h3", kClosesParagraph},
    Named{"h4", kClosesParagraph},
    Named{"h5", kClosesParagraph},
    Named{"h6", kClosesParagraph},
    Named{"header", kClosesParagraph},
    Named{"hgroup", kClosesParagraph},
    Named{"hr", kVoid},
    Named{"iframe", kRawText},
    Named{"image", kVoid},
    Named{"img", kVoid},
    Named{"input", kVoid},
    Named{"keygen", kVoid},
    Named{"li", kClosesParagraph | kListItem},
    Named{"link", kVoid},
    Named{"listing", kClosesParagraph},
    Named{"main", kClosesParagraph},
    Named{"math", kForeign},
    Named{"menu", kClosesParagraph},
    Named{"meta", kVoid},
    Named{"nav", kClosesParagraph},
    Named{"noembed", kRawText},
    Named{"noframes", kRawText},
    Named{"ol", kClosesParagraph},
    Named{"p", kClosesParagraph | kParagraph},
    Named{"param", kVoid},
    Named{"plaintext", kClosesParagraph | kPlainText},
    Named{"pre", kClosesParagraph},
    Named{"script", kScript},
    Named{"section", kClosesParagraph},
    Named{"select", kIgnoresRawText},
    Named{"source", kVoid},
    Named{"style", kRawText},
    Named{"summary", kClosesParagraph},
    Named{"svg", kForeign},
    Named{"tbody", kRowGroup},
    Named{"td", kCell},
    Named{"template", kIgnoresRawText},
    Named{"textarea", kRcdata},
    Named{"tfoot", kRowGroup},
    Named{"th", kCell},
    Named{"thead", kRowGroup},
    Named{"title", kRcdata},
    Named{"tr", kRow},
    Named{"track", kVoid},
    Named{"ul", kClosesParagraph},
    Named{"wbr", kVoid},
    Named{"xmp", kClosesParagraph | kRawText},
};

static_assert(std::is_sorted(kElements.begin(), kElements.end(),
                             [](const Named& a, const Named& b) { return a.name < b.name; }));

unsigned traits_of(std::string_view name) {
    constexpr std::size_t kLongest = 10;  // "figcaption"
    if (name.size() > kLongest) return 0;
    std::array<char, kLongest> buffer{};
    std::transform(name.begin(), name.end(), buffer.begin(), lower);
    const std::string_view key(buffer.data(), name.size());
    const auto* it =
        std::lower_bound(kElements.begin(), kElements.end(), key,
                         [](const Named& e, std::string_view k) { return e.name < k; });
    return it != kElements.end() && it->name == key ? it->traits : 0;
}

class Scanner {
public:
    Scanner(std::string_view html, std::size_t limit) : s_(html), limit_(limit) {}

    std::size_t run() {
        std::size_t i = 0;
        while (i != kEnd && i < s_.size() && deepest_ <= limit_) {
            i = conservative_ ? count_every_start_tag(i) : markup(i);
        }
        return std::min(deepest_, limit_ + 1);
    }

private:
    // One step in the data state from i: the next token that can change the stack.
    std::size_t markup(std::size_t i) {
        i = s_.find('<', i);
        if (i == kEnd || i + 1 >= s_.size()) return kEnd;
        const char c = s_[i + 1];
        if (is_ascii_letter(c)) return start_tag(i + 1);
        if (c == '/') return end_tag(i + 2);
        if (c == '!') return declaration(i + 2);
        if (c == '?') return bogus_comment(i + 1);
        return i + 1;
    }

    std::size_t tag_name_end(std::size_t i) const {
        while (i < s_.size() && !is_space(s_[i]) && s_[i] != '/' && s_[i] != '>') ++i;
        return i;
    }

    // The attribute states of the tokenizer, from right after a tag name: returns the position
    // after the tag's '>', or kEnd when the input ends inside the tag (which then emits nothing).
    std::size_t skip_attributes(std::size_t i) const {
        enum {
            before_name,
            name,
            after_name,
            before_value,
            unquoted,
            after_quoted,
            slash
        } state = before_name;
        for (; i < s_.size(); ++i) {
            const char c = s_[i];
            switch (state) {
                case before_name:
                    if (c == '>') return i + 1;
                    if (c == '/')
                        state = slash;
                    else if (!is_space(c))
                        state = name;
                    break;
                case name:
                    if (c == '>') return i + 1;
                    if (is_space(c))
                        state = after_name;
                    else if (c == '/')
                        state = slash;
                    else if (c == '=')
                        state = before_value;
                    break;
                case after_name:
                    if (c == '>') return i + 1;
                    if (c == '/')
                        state = slash;
                    else if (c == '=')
                        state = before_value;
                    else if (!is_space(c))
                        state = name;
                    break;
                case before_value:
                    if (c == '>') return i + 1;
                    if (c == '"' || c == '\'') {
                        i = s_.find(c, i + 1);
                        if (i == kEnd) return kEnd;
                        state = after_quoted;
                    } else if (!is_space(c)) {
                        state = unquoted;
                    }
                    break;
                case unquoted:
                    if (c == '>') return i + 1;
                    if (is_space(c)) state = before_name;
                    break;
                case after_quoted:
                case slash:
                    // Anything but '>' is taken again as the start of an attribute name.
                    if (c == '>') return i + 1;
                    state = before_name;
                    --i;
                    break;
            }
        }
        return kEnd;
    }

    std::size_t start_tag(std::size_t i) {
        const std::size_t name_end = tag_name_end(i);
        const std::string_view name = s_.substr(i, name_end - i);
        const std::size_t next = skip_attributes(name_end);
        if (next == kEnd) return kEnd;
        const unsigned traits = traits_of(name);
        if (traits & kForeign) {
            push(name, traits);
            conservative_ = true;
            return next;
        }
        if (traits & kClosesParagraph) pop_if_top(kParagraph);
        if (traits & kListItem) pop_if_top(kListItem);
        if (traits & kDefinition) pop_if_top(kDefinition);
        if (traits & (kCell | kRow | kRowGroup)) pop_if_top(kCell);
        if (traits & (kRow | kRowGroup)) pop_if_top(kRow);
        if (traits & kRowGroup) pop_if_top(kRowGroup);
        if (traits & kVoid) return next;
        push(name, traits);
        if (!(traits & (kRcdata | kRawText | kScript | kPlainText))) return next;
        // Inside <select>, and in a <template>'s column group, such start tags are ignored, so
        // whether they switch the tokenizer depends on more than this scan follows.
        if (ignores_raw_text_ > 0) {
            conservative_ = true;
            return next;
        }
        if (traits & kPlainText) return kEnd;
        const std::size_t close = traits & kScript ? script_end(next) : raw_text_end(next, name);
        if (close == kEnd) return kEnd;
        // The one end tag the tokenizer gives back here closes the element it switched for.
        pop();
        return skip_attributes(tag_name_end(close));
    }

    std::size_t end_tag(std::size_t i) {
        if (i >= s_.size()) return kEnd;
        if (s_[i] == '>') return i + 1;
        if (!is_ascii_letter(s_[i])) return bogus_comment(i);
        const std::size_t name_end = tag_name_end(i);
        const std::string_view name = s_.substr(i, name_end - i);
        const std::size_t next = skip_attributes(name_end);
        if (next == kEnd) return kEnd;
        if (!stack_.empty() && iequals(name, stack_.back().name)) pop();
        return next;
    }

    std::size_t declaration(std::size_t i) {
        if (s_.substr(i, 2) == "--") return comment(i + 2);
        return bogus_comment(i);  // doctype, CDATA outside foreign content, anything else
    }

    std::size_t bogus_comment(std::size_t i) const {
        const std::size_t close = s_.find('>', i);
        return close == kEnd ? kEnd : close + 1;
    }

    // The comment states, from right after "<!--".
    std::size_t comment(std::size_t i) const {
        enum { start, start_dash, body, end_dash, end, bang } state = start;
        for (; i < s_.size(); ++i) {
            const char c = s_[i];
            switch (state) {
                case start:
                    state = c == '-' ? start_dash : body;
                    if (c == '>') return i + 1;
                    break;
                case start_dash:
                    if (c == '>') return i + 1;
                    state = c == '-' ? end : body;
                    break;
                case body:
                    if (c == '-') state = end_dash;
                    break;
                case end_dash:
                    state = c == '-' ? end : body;
                    break;
                case end:
                    if (c == '>') return i + 1;
                    if (c == '!')
                        state = bang;
                    else if (c != '-')
                        state = body;
                    break;
                case bang:
                    if (c == '>') return i + 1;
                    state = c == '-' ? end_dash : body;
                    break;
            }
        }
        return kEnd;
    }

    // Where "</name" followed by a space, '/' or '>' starts, the only end tag RCDATA and RAWTEXT
    // know; the position of the name.
    std::size_t raw_text_end(std::size_t i, std::string_view name) const {
        while ((i = s_.find("</", i)) != kEnd) {
            i += 2;
            if (ends_raw_text_at(i, name)) return i;
        }
        return kEnd;
    }

    bool ends_raw_text_at(std::size_t i, std::string_view name) const {
        const std::size_t after = i + name.size();
        return after < s_.size() && iequals(s_.substr(i, name.size()), name) &&
               (is_space(s_[after]) || s_[after] == '/' || s_[after] == '>');
    }

    // The script data states, escaped and double-escaped ("<!--<script>" hides "</script>"):
    // the position of the name in the "</script" that ends the element.
    std::size_t script_end(std::size_t i) const {
        enum { data, escaped, double_escaped } state = data;
        int dashes = 0;  // '-' seen in a row, for "<!--" and "-->"
        for (; i < s_.size(); ++i) {
            const char c = s_[i];
            if (c == '-') {
                ++dashes;
                continue;
            }
            const bool after_two_dashes = dashes >= 2;
            dashes = 0;
            if (c == '>' && after_two_dashes) {
                state = data;
                continue;
            }
            if (c != '<') continue;
            if (state == data) {
                if (s_.substr(i + 1, 3) == "!--") {
                    state = escaped;
                    i += 3;
                    dashes = 2;  // "<!-->" closes the escape at once
                } else if (s_.substr(i + 1, 1) == "/" && ends_raw_text_at(i + 2, "script")) {
                    return i + 2;
                }
            } else if (state == escaped) {
                if (s_.substr(i + 1, 1) == "/" && ends_raw_text_at(i + 2, "script")) {
                    return i + 2;
                }
                if (ends_raw_text_at(i + 1, "script")) state = double_escaped;
            } else if (s_.substr(i + 1, 1) == "/" && ends_raw_text_at(i + 2, "script")) {
                state = escaped;
            }
        }
        return kEnd;
    }

    // After <svg> or <math>: every "<" and a letter may be a start tag that nests. Names are not
    // needed any more, since no end tag counts.
    std::size_t count_every_start_tag(std::size_t i) {
        while ((i = s_.find('<', i)) != kEnd) {
            ++i;
            if (i < s_.size() && is_ascii_letter(s_[i])) {
                push({}, 0);
                return i;
            }
        }
        return kEnd;
    }

    void push(std::string_view name, unsigned traits) {
        stack_.push_back({name, traits});
        if (traits & kIgnoresRawText) ++ignores_raw_text_;
        deepest_ = std::max(deepest_, stack_.size());
    }

    void pop() {
        if (stack_.back().traits & kIgnoresRawText) --ignores_raw_text_;
        stack_.pop_back();
    }

    void pop_if_top(unsigned trait) {
        if (!stack_.empty() && (stack_.back().traits & trait)) pop();
    }

    std::string_view s_;
    std::size_t limit_;
    std::vector<Named> stack_;  // names as written; compared without case
    int ignores_raw_text_ = 0;  // open <select> and <template> elements
    std::size_t deepest_ = 0;
    bool conservative_ = false;
};

}  // namespace

std::size_t open_element_bound(std::string_view html, std::size_t limit) {
    return Scanner(html, limit).run();
}

}  // namespace gp::content
