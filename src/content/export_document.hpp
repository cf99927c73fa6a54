#pragma once

#include <string>

#include "content/import_document.hpp"

namespace gp::content {

/// The import format (docs/design.md "Import and export format") of `doc`, with ids, as
/// `guardpress export` prints it: two-space indented, keys sorted, times in UTC, a newline at the
/// end. Categories come parents first whatever their order in `doc` (a re-parented category may
/// precede its new parent); articles in the order given. Parsing the text back yields `doc` again.
std::string export_document(const ImportDocument& doc);

}  // namespace gp::content
