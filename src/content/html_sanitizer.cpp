#include "content/html_sanitizer.hpp"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "content/gumbo_fragment.hpp"
#include "content/html_text.hpp"
#include "content/utf8_text.hpp"

namespace gp::content {
namespace {

enum class TagPolicy { keep, drop, unwrap };

constexpr std::string_view kLinkRel = "noopener noreferrer nofollow";

// One pass is normally a fixed point, two when unwrapping restructured the tree. Needing more means
// a parser quirk we have not met, and then plain text is the answer that is certainly safe.
constexpr int kMaxPasses = 4;

bool contains(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

TagPolicy policy_for(std::string_view tag) {
    if (contains(tag, {"p",     "br",    "hr",         "h1",     "h2",         "h3",    "h4",
                       "h5",    "h6",    "ul",         "ol",     "li",         "dl",    "dt",
                       "dd",    "table", "caption",    "thead",  "tbody",      "tfoot", "tr",
                       "th",    "td",    "colgroup",   "col",    "strong",     "b",     "em",
                       "i",     "u",     "s",          "del",    "ins",        "sub",   "sup",
                       "small", "mark",  "blockquote", "q",      "cite",       "pre",   "code",
                       "kbd",   "a",     "img",        "figure", "figcaption", "span",  "div",
                       "abbr",  "time"})) {
        return TagPolicy::keep;
    }
    // noframes is not in the product list but belongs here: its content is raw text, so
    // unwrapping it would show the markup inside as visible text.
    if (contains(tag,
                 {"script",   "style",  "template", "noscript", "iframe",    "frame",   "frameset",
                  "object",   "embed",  "applet",   "form",     "input",     "button",  "select",
                  "textarea", "option", "svg",      "math",     "link",      "meta",    "base",
                  "title",    "head",   "noembed",  "xmp",      "plaintext", "noframes"})) {
        return TagPolicy::drop;
    }
    return TagPolicy::unwrap;
}

bool is_void(std::string_view tag) { return contains(tag, {"br", "hr", "img", "col"}); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ascii_whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

std::string_view trim_ascii_whitespace(std::string_view s) {
    while (!s.empty() && is_ascii_whitespace(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_whitespace(s.back())) s.remove_suffix(1);
    return s;
}

// Only bare digits: "1e3", "+5" or "3px" mean different things to different browsers.
std::optional<std::string> integer_in_range(std::string_view value, long min, long max) {
    value = trim_ascii_whitespace(value);
    if (value.empty() || value.size() > 6 || !std::all_of(value.begin(), value.end(), is_digit)) {
        return std::nullopt;
    }
    const long number = std::stol(std::string(value));
    if (number < min || number > max) return std::nullopt;
    return std::to_string(number);
}

std::optional<std::string> one_of(std::string_view value,
                                  std::initializer_list<std::string_view> allowed) {
    value = trim_ascii_whitespace(value);
    for (const std::string_view candidate : allowed) {
        if (iequals(value, candidate)) return std::string(candidate);
    }
    return std::nullopt;
}

enum class UrlUse { link, image };

// Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces at its ends before
// they look at the scheme, so "jav\tascript:" runs script; check the URL the browser will see.
std::optional<std::string> clean_url(std::string_view raw, UrlUse use) {
    const auto is_control_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    while (!raw.empty() && is_control_or_space(raw.front())) raw.remove_prefix(1);
    while (!raw.empty() && is_control_or_space(raw.back())) raw.remove_suffix(1);
    std::string url;
    url.reserve(raw.size());
    for (const char c : raw) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b != 0x7F) url += c;
    }
    if (url.empty()) return std::nullopt;
    const std::size_t end = url.find_first_of(":/?#");
    if (end == std::string::npos || url[end] != ':') return url;  // relative
    const std::string_view scheme = std::string_view(url).substr(0, end);
    if (iequals(scheme, "http") || iequals(scheme, "https")) return url;
    if (use == UrlUse::link && (iequals(scheme, "mailto") || iequals(scheme, "tel"))) return url;
    return std::nullopt;
}

bool is_language_tag(std::string_view value) {
    return !value.empty() && value.size() <= 35 &&
           std::all_of(value.begin(), value.end(), [](char c) {
               return is_digit(c) || c == '-' || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z');
           });
}

bool is_datetime(std::string_view value) {
    return !value.empty() && value.size() <= 64 &&
           std::all_of(value.begin(), value.end(), [](char c) {
               return is_digit(c) || c == '-' || c == ':' || c == '.' || c == '+' || c == ' ' ||
                      (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z');
           });
}

// The value to emit for an attribute, or nullopt to drop it. `name` is lowercase (gumbo folds
// it), `value` has its entities decoded.
std::optional<std::string> clean_attribute(std::string_view tag, std::string_view name,
                                           std::string_view value) {
    if (name == "title") return std::string(value);
    if (name == "lang") {
        return is_language_tag(value) ? std::optional<std::string>(value) : std::nullopt;
    }
    if (name == "dir") return one_of(value, {"ltr", "rtl", "auto"});
    if (tag == "a") {
        if (name == "href") return clean_url(value, UrlUse::link);
        if (name == "target") return one_of(value, {"_blank"});
    } else if (tag == "img") {
        if (name == "src") return clean_url(value, UrlUse::image);
        if (name == "alt") return std::string(value);
        if (name == "width" || name == "height") {
            value = trim_ascii_whitespace(value);
            if (value.empty() || value.size() > 5 ||
                !std::all_of(value.begin(), value.end(), is_digit)) {
                return std::nullopt;
            }
            return std::string(value);
        }
    } else if (tag == "td" || tag == "th") {
        if (name == "colspan" || name == "rowspan") return integer_in_range(value, 1, 100);
        if (tag == "th" && name == "scope") {
            return one_of(value, {"row", "col", "rowgroup", "colgroup"});
        }
    } else if (tag == "ol") {
        if (name == "start") {
            const std::string_view trimmed = trim_ascii_whitespace(value);
            const bool negative = trimmed.starts_with('-');
            auto number = integer_in_range(trimmed.substr(negative ? 1 : 0), 0, 999999);
            if (!number) return std::nullopt;
            return negative && *number != "0" ? "-" + *number : *number;
        }
        if (name == "type") {
            // Case matters here: type="a" and type="A" are different list styles.
            value = trim_ascii_whitespace(value);
            if (value == "1" || value == "a" || value == "A" || value == "i" || value == "I") {
                return std::string(value);
            }
        }
    } else if (tag == "col" || tag == "colgroup") {
        if (name == "span") return integer_in_range(value, 1, 1000);
    } else if (tag == "time") {
        if (name == "datetime") {
            value = trim_ascii_whitespace(value);
            return is_datetime(value) ? std::optional<std::string>(value) : std::nullopt;
        }
    }
    return std::nullopt;
}

// Code points gumbo turns into U+FFFD when it reads them raw: C0 and C1 controls and
// noncharacters. Character references still produce them, and written out raw they would change
// on the next parse. Nobody can see them and XML 1.0 (RSS, sitemaps) rejects the C0 ones, so they
// are dropped.
bool is_dropped_code_point(char32_t c) {
    if (c == '\t' || c == '\n' || c == '\f' || c == '\r') return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) ||
           (c & 0xFFFE) == 0xFFFE;
}

// Appends text or an attribute value escaped for HTML. CR and FF become LF and space because the
// parser folds them anyway and the output must re-parse to itself.
void append_escaped(std::string& out, std::string_view text) {
    if (!is_valid_utf8(text)) {
        // gumbo already replaces bad bytes with U+FFFD; this keeps the promise if it ever doesn't.
        append_escaped(out, repair_utf8(text));
        return;
    }
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? lead : lead & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) {
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        const std::string_view sequence = text.substr(i, length);
        i += length;
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\r':
                out += '\n';
                break;
            case '\f':
                out += ' ';
                break;
            default:
                if (!is_dropped_code_point(c)) out += sequence;
        }
    }
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_escaped(out, value);
    out += '"';
}

// What the serialiser still has to do for one open element.
struct Frame {
    const GumboVector* children;
    unsigned int next;
    std::string_view close_tag;  // empty when the element was unwrapped
    std::size_t pre_body;        // where a <pre>'s content starts in the output, or npos
    bool in_link;                // inside an <a>, with no table cell or caption in between
};

// The start tag of a kept element, or nullopt when the element is worth nothing without the
// attributes it lost: an <img> with no usable src, or a bare <span> (Word wraps nearly every run
// in one only to carry a style).
std::optional<std::string> start_tag(std::string_view tag, const GumboElement& element) {
    std::string start = "<";
    start += tag;
    bool has_href = false;
    bool has_src = false;
    bool has_any = false;
    for (unsigned int i = 0; i < element.attributes.length; ++i) {
        const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
        if (attribute->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE) continue;
        const std::string_view name = attribute->name;
        const auto value = clean_attribute(tag, name, attribute->value);
        if (!value) continue;
        has_href = has_href || name == "href";
        has_src = has_src || name == "src";
        has_any = true;
        append_attribute(start, name, *value);
    }
    if ((tag == "img" && !has_src) || (tag == "span" && !has_any)) return std::nullopt;
    if (has_href) append_attribute(start, "rel", kLinkRel);
    start += '>';
    return start;
}

std::optional<std::string> sanitize_once(std::string_view html) {
    const GumboDocument output = parse_fragment(html);
    if (!output) return std::nullopt;

    std::string out;
    out.reserve(html.size());
    // An explicit stack, because a hostile document can nest deeper than the thread's stack.
    std::vector<Frame> stack{{&output->root->v.element.children, 0, {}, std::string::npos, false}};
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next == top.children->length) {
            // The parser eats one newline right after <pre>, so a leading newline of the content
            // needs another in front of it to survive the next parse.
            if (top.pre_body < out.size() && out[top.pre_body] == '\n') {
                out.insert(top.pre_body, 1, '\n');
            }
            if (!top.close_tag.empty()) {
                out += "</";
                out += top.close_tag;
                out += '>';
            }
            stack.pop_back();
            continue;
        }
        const auto* node = static_cast<const GumboNode*>(top.children->data[top.next++]);
        // Comments (Word's <!--[if gte mso 9]> too), CDATA and <template> content are dropped.
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
            append_escaped(out, node->v.text.text);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT) continue;
        const GumboElement& element = node->v.element;
        // Foreign (SVG, MathML) elements only exist under <svg>/<math>, which are dropped whole;
        // this guards the rule rather than relying on it.
        if (element.tag_namespace != GUMBO_NAMESPACE_HTML) continue;
        // Every name in the policy lists is one gumbo knows; an unknown name (o:p, custom
        // elements, or "p\v" which is not a <p>) is unwrapped.
        const std::string_view tag = gumbo_normalized_tagname(element.tag);
        const bool in_link = top.in_link;
        TagPolicy policy = policy_for(tag);
        // A parser meeting <a> inside <a> closes the outer link and clones it around the blocks in
        // between, so a nested link never survives a re-parse (and takes several passes to settle).
        // Table cells and captions start a fresh scope in which links may nest.
        if (policy == TagPolicy::keep && tag == "a" && in_link) policy = TagPolicy::unwrap;
        switch (policy) {
            case TagPolicy::drop:
                break;
            case TagPolicy::unwrap:
                stack.push_back({&element.children, 0, {}, std::string::npos, in_link});
                break;
            case TagPolicy::keep: {
                const std::optional<std::string> start = start_tag(tag, element);
                if (!start) {
                    stack.push_back({&element.children, 0, {}, std::string::npos, in_link});
                    break;
                }
                out += *start;
                if (is_void(tag)) break;
                const bool starts_scope = tag == "td" || tag == "th" || tag == "caption";
                stack.push_back({&element.children, 0, tag,
                                 tag == "pre" ? out.size() : std::string::npos,
                                 tag == "a" || (in_link && !starts_scope)});
                break;
            }
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> sanitize_html_within_depth(std::string_view untrusted) {
    if (untrusted.empty()) return std::string();
    std::optional<std::string> out = sanitize_once(untrusted);
    if (!out) return std::nullopt;
    // The filter changes the tree (unwrapping <font> can put an <h2> straight inside an <h1>), and
    // such a tree serialises to markup that parses differently. Re-parsing until nothing changes
    // makes what a browser will build from the output exactly the tree that was checked. The
    // output nests no deeper than the tree it came from, so these parses are within the limit.
    for (int pass = 1; pass < kMaxPasses; ++pass) {
        std::optional<std::string> again = sanitize_once(*out);
        if (!again) break;
        if (*again == *out) return out;
        out = std::move(again);
    }
    std::string text_only;
    append_escaped(text_only, html_to_text(*out));
    return text_only;
}

std::string sanitize_html(std::string_view untrusted) {
    if (auto out = sanitize_html_within_depth(untrusted)) return std::move(*out);
    // Too deep to parse: every byte shown as text is certainly safe, and nothing is lost.
    std::string text_only;
    append_escaped(text_only, untrusted);
    return text_only;
}

}  // namespace gp::content
