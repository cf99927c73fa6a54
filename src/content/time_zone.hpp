#pragma once

#include <unicode/uversion.h>

#include <chrono>
#include <memory>
#include <string>

U_NAMESPACE_BEGIN
class TimeZone;
U_NAMESPACE_END

namespace gp::content {

/// The site's time zone (IANA name, e.g. Asia/Shanghai), backed by ICU's zone data so that
/// offsets and daylight saving rules are right for any zone an operator configures.
class SiteTimeZone {
public:
    /// Throws std::invalid_argument when ICU does not know the zone.
    explicit SiteTimeZone(const std::string& iana_name);
    ~SiteTimeZone();
    SiteTimeZone(SiteTimeZone&&) noexcept;
    SiteTimeZone& operator=(SiteTimeZone&&) noexcept;

    std::chrono::minutes offset_at(std::chrono::sys_seconds t) const;
    /// "2025-03-11"
    std::string date(std::chrono::sys_seconds t) const;
    /// "2025-03-11 09:00"
    std::string date_time(std::chrono::sys_seconds t) const;
    /// RFC 3339 in this zone, "2025-03-11T09:00:00+08:00"
    std::string rfc3339(std::chrono::sys_seconds t) const;
    const std::string& name() const { return name_; }

private:
    std::string name_;
    std::unique_ptr<icu::TimeZone> zone_;
};

}  // namespace gp::content
