#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "content/article.hpp"

namespace gp::content {

enum class LeadStatus { fresh, contacted, closed, spam };

/// Where a lead came from: what the reader was looking at and how they got there.
struct LeadOrigin {
    std::string landing_page;  ///< path of the page the form was on
    std::optional<std::int64_t> article_id;
    std::string referrer;
    std::string utm_source;
    std::string utm_medium;
    std::string utm_campaign;
    std::string utm_term;
    std::string utm_content;
};

/// A lead as the store keeps it, without the sealed number.
struct LeadRecord {
    std::int64_t id = 0;
    Time created_at{};
    std::string phone_masked;
    std::string phone_kind;
    std::string name;
    std::string preferred_time;
    LeadOrigin origin;
    std::string consent_version;
    LeadStatus status = LeadStatus::fresh;
};

const char* to_string(LeadStatus status);

}  // namespace gp::content
