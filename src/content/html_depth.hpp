#pragma once

#include <cstddef>
#include <string_view>

namespace gp::content {

/// Deeper element nesting than any article needs. gumbo's work grows with the input's length
/// times the depth of its stack of open elements, and it frees its tree recursively, so markup
/// that would nest deeper is never handed to it.
constexpr std::size_t kMaxHtmlDepth = 200;

/// An upper bound on the depth of the stack of open elements an HTML parser builds from `html`
/// parsed as the content of a <div>. It tokenises the way the HTML tokenizer does (tags with
/// their quoted attributes, comments, raw text, script data) and pops an element only where
/// every parse certainly pops it too: an end tag naming the innermost open element, or a start
/// tag that closes it (<p> after <p>, <li> after <li>, a cell after a cell). A self-closing slash
/// on a non-void element closes nothing, as in HTML. After <svg> or <math>, whose content
/// tokenises by other rules, every later start tag counts and no end tag does. The parser may
/// add a table's implied <tbody> and <tr> on top, so its real depth stays within about three
/// times the bound (checked against gumbo by tests/unit/html_depth_test.cpp and a fuzz target).
/// Linear in the input: returns `limit + 1` as soon as the bound passes `limit`.
std::size_t open_element_bound(std::string_view html, std::size_t limit = kMaxHtmlDepth);

}  // namespace gp::content
