#pragma once

#include <cstddef>
#include <string_view>
#include <variant>

#include "content/article.hpp"
#include "content/import_document.hpp"
#include "store/store.hpp"

namespace gp::app {

/// The one entry every JSON import document goes through: `guardpress import`, `init --demo`
/// and the tests' fixture sites. Returns the number of articles imported, or the first bad
/// record's error, in which case nothing was written.
std::variant<std::size_t, content::ImportError> import_json_document(store::Store& store,
                                                                     std::string_view document,
                                                                     content::Time now);

}  // namespace gp::app
