#include "content/time_zone.hpp"

#include <fmt/format.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <stdexcept>

#include "content/rfc3339.hpp"

namespace gp::content {

SiteTimeZone::SiteTimeZone(const std::string& iana_name) : name_(iana_name) {
    const auto id = icu::UnicodeString::fromUTF8(iana_name);
    zone_.reset(icu::TimeZone::createTimeZone(id));
    icu::UnicodeString canonical;
    UErrorCode status = U_ZERO_ERROR;
    UBool is_system = false;
    icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
    if (!zone_ || U_FAILURE(status) || !is_system) {
        throw std::invalid_argument("unknown time zone: " + iana_name);
    }
}

SiteTimeZone::~SiteTimeZone() = default;
SiteTimeZone::SiteTimeZone(SiteTimeZone&&) noexcept = default;
SiteTimeZone& SiteTimeZone::operator=(SiteTimeZone&&) noexcept = default;

std::chrono::minutes SiteTimeZone::offset_at(std::chrono::sys_seconds t) const {
    int32_t raw = 0;
    int32_t dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone_->getOffset(static_cast<UDate>(t.time_since_epoch().count()) * 1000.0, false, raw, dst,
                     status);
    if (U_FAILURE(status)) return std::chrono::minutes{0};
    return std::chrono::minutes{(raw + dst) / 60000};
}

std::string SiteTimeZone::date(std::chrono::sys_seconds t) const {
    return rfc3339(t).substr(0, 10);
}

std::string SiteTimeZone::date_time(std::chrono::sys_seconds t) const {
    const auto s = rfc3339(t);
    return s.substr(0, 10) + " " + s.substr(11, 5);
}

std::string SiteTimeZone::rfc3339(std::chrono::sys_seconds t) const {
    return format_rfc3339(t, offset_at(t));
}

}  // namespace gp::content
