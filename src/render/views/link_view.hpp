#pragma once

#include <string>

namespace gp::render {

/// A link as the templates show it: its text and where it goes.
struct LinkView {
    std::string text;
    std::string url;
};

}  // namespace gp::render
