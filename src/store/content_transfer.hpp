#pragma once

#include <variant>

#include "content/import_document.hpp"

namespace gp::store {

/// Whole-site import and export (docs/design.md "Import and export format").
class ContentTransfer {
public:
    virtual ~ContentTransfer() = default;

    /// Validates the JSON against the store and writes it in one transaction. On any error
    /// nothing is written and the first error is returned. Throws only on store failure.
    virtual std::variant<std::size_t, content::ImportError> import_json(std::string_view json_text,
                                                                        content::Time now) = 0;

    /// Everything, in the import format, with ids; importing it into an empty store reproduces it.
    virtual std::string export_json() = 0;
};

}  // namespace gp::store
