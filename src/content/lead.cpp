#include "content/lead.hpp"

namespace gp::content {

const char* to_string(LeadStatus status) {
    switch (status) {
        case LeadStatus::fresh:
            return "new";
        case LeadStatus::contacted:
            return "contacted";
        case LeadStatus::closed:
            return "closed";
        case LeadStatus::spam:
            return "spam";
    }
    return "new";
}

}  // namespace gp::content
