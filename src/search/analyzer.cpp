#include "search/analyzer.hpp"

#include <fmt/format.h>
#include <unicode/uversion.h>

#include <cstdint>

namespace gp::search {

std::string analyzer_signature() {
    // The glossary changes what documents are tokenized into, so it is part of the signature
    // (FNV-1a, stable across builds). Bump the segmenter number whenever tokenize() changes.
    std::uint64_t hash = 14695981039346656037ull;
    for (const auto term : mlps_glossary()) {
        for (const char c : term) {
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        }
        hash = (hash ^ 0xFFu) * 1099511628211ull;
    }
    return fmt::format("icu {}; segmenter 1; glossary {:016x}", U_ICU_VERSION, hash);
}

}  // namespace gp::search
