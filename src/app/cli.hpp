#pragma once

#include <iosfwd>
#include <stdexcept>

namespace gp::app {

/// Usage or input mistakes: exit code 2 with the message on stderr.
struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// The `guardpress` command line (docs/design.md "Command line"). Returns the process exit code: 0
/// success, 2 usage or bad input (message on stderr), 1 other failure.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace gp::app
