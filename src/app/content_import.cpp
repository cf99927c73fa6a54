#include "app/content_import.hpp"

namespace gp::app {

std::variant<std::size_t, content::ImportError> import_json_document(store::Store& store,
                                                                     std::string_view document,
                                                                     content::Time now) {
    return store.transfer().import_json(document, now);
}

}  // namespace gp::app
