#pragma once

#include <stdexcept>

namespace gp::store {

/// An audit record could not be written: no audit key, the insert refused, or the store gone
/// while appending. Every backend throws it from its audit append, whether the record is
/// appended alone or inside the transaction of the change it records (which then rolls back),
/// so callers refuse exactly the actions whose record is missing and let every other failure
/// surface as what it is (docs/adr/0024).
class AuditWriteFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace gp::store
