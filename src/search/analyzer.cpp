#include "search/analyzer.hpp"

#include <unicode/uversion.h>

namespace gp::search {

std::string analyzer_signature() {
    // Bump the segmenter number whenever tokenize() changes what it emits.
    return std::string("icu ") + U_ICU_VERSION + "; segmenter 1";
}

}  // namespace gp::search
