#include "http/error_status.hpp"

#include <gtest/gtest.h>

namespace gp::http {
namespace {

using content::Errc;

TEST(ErrorStatus, EachExpectedFailureHasItsOwnStatus) {
    EXPECT_EQ(status_for(Errc::bad_request), Status::bad_request);
    EXPECT_EQ(status_for(Errc::unauthenticated), Status::unauthorized);
    EXPECT_EQ(status_for(Errc::not_found), Status::not_found);
    EXPECT_EQ(status_for(Errc::conflict), Status::conflict);
    EXPECT_EQ(status_for(Errc::forbidden), Status::forbidden);
    EXPECT_EQ(status_for(Errc::payload_too_large), Status::payload_too_large);
    EXPECT_EQ(status_for(Errc::unsupported_media_type), Status::unsupported_media_type);
    EXPECT_EQ(status_for(Errc::rate_limited), Status::too_many_requests);
    EXPECT_EQ(status_for(Errc::unavailable), Status::service_unavailable);
}

TEST(ErrorStatus, AValueOutsideTheEnumIsTheCallersBadRequestNeverA500) {
    EXPECT_EQ(status_for(static_cast<Errc>(250)), Status::bad_request);
}

}  // namespace
}  // namespace gp::http
