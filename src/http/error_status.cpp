#include "http/error_status.hpp"

namespace gp::http {

Status status_for(content::Errc code) {
    switch (code) {
        case content::Errc::bad_request:
            return Status::bad_request;
        case content::Errc::unauthenticated:
            return Status::unauthorized;
        case content::Errc::not_found:
            return Status::not_found;
        case content::Errc::conflict:
            return Status::conflict;
        case content::Errc::forbidden:
            return Status::forbidden;
        case content::Errc::payload_too_large:
            return Status::payload_too_large;
        case content::Errc::unsupported_media_type:
            return Status::unsupported_media_type;
        case content::Errc::rate_limited:
            return Status::too_many_requests;
        case content::Errc::unavailable:
            return Status::service_unavailable;
    }
    // The switch names every code (-Wswitch is an error), so only a corrupt value gets here:
    // the user's request is what we cannot read.
    return Status::bad_request;
}

}  // namespace gp::http
