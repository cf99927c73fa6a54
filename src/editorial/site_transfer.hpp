#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "content/account.hpp"
#include "content/import_document.hpp"
#include "store/content_transfer.hpp"

namespace gp::editorial {

/// Whole-site import and export (docs/design.md "Import and export format") over any backend's
/// rows: the document is read and checked here, against the store inside the import's transaction,
/// and the export is written here, so both backends take and give the same document
/// (docs/adr/0023).
class SiteTransfer {
public:
    explicit SiteTransfer(store::ContentTransfer& rows) : rows_(rows) {}

    /// Checks `json_text` against the store and writes it in one transaction with its audit
    /// record (event "content.import", the counts in `detail`); `who` gives the record's actor
    /// and client fields. On a bad document nothing is written, no record either, and the
    /// first error is returned; otherwise the number of articles. Throws on store failure,
    /// a record that cannot be written included, and nothing is written then.
    std::variant<std::size_t, content::ImportError> import_json(std::string_view json_text,
                                                                content::Time now,
                                                                const content::AuditRecord& who);

    /// Everything, in the import format, with ids; importing it into an empty store reproduces
    /// it byte for byte. Throws on store failure.
    std::string export_json();

private:
    store::ContentTransfer& rows_;
};

/// The audit record's actor for a shell command (`guardpress import`, `init --demo`): no
/// account, the command in the user agent, as the account commands record themselves.
content::AuditRecord shell_importer(std::string_view command);

}  // namespace gp::editorial
