#pragma once

#include "content/error.hpp"
#include "http/message.hpp"

namespace gp::http {

/// The one mapping from a domain error to an HTTP status, for the public pages and the back end
/// alike. A handler that means something more precise (a failed sign-in is 401) says so itself.
Status status_for(content::Errc code);

}  // namespace gp::http
