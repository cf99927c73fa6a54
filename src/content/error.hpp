#pragma once

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace gp::content {

/// Expected outcomes a caller must handle; bugs are exceptions instead (docs/design.md
/// "Conventions").
enum class Errc {
    bad_request,
    /// Who the caller says they are was not proven: a wrong name, password or code.
    unauthenticated,
    not_found,
    conflict,
    forbidden,
    payload_too_large,
    unsupported_media_type,
    rate_limited,
    unavailable,
};

/// `user_message` is shown to the reader in the page's language; `detail` goes only to the log.
struct Error {
    Errc code = Errc::bad_request;
    std::string user_message;
    std::string detail;
};

/// Found by argument-dependent lookup when value() is called on a Result holding an error:
/// reaching it is a bug, so it throws like any other bug.
[[noreturn]] inline void throw_exception_from_error(const Error& e, const boost::source_location&) {
    throw std::logic_error("unhandled error result: " + e.detail + " " + e.user_message);
}

template <class T>
using Result = boost::system::result<T, Error>;

inline Error make_error(Errc code, std::string user_message, std::string detail = {}) {
    return Error{code, std::move(user_message), std::move(detail)};
}

}  // namespace gp::content
