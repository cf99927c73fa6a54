#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "security/key_file.hpp"

namespace gp::security {

/// Anti-forgery tokens for public forms: the time of issue plus its MAC (HMAC-SHA-512-256 under
/// a derived key). They are not tied to a visitor, so a page carrying one can be cached; the
/// call-back handler pairs them with an Origin/Referer check (docs/adr/0005).
class FormTokens {
public:
    FormTokens(const MasterKey& master, std::chrono::seconds lifetime);
    ~FormTokens();

    std::string issue(std::chrono::sys_seconds now) const;
    /// True for a token this site issued that is not older than the lifetime (and not from
    /// more than five minutes in the future, which tolerates clock skew between nodes).
    bool verify(std::string_view token, std::chrono::sys_seconds now) const;
    /// The check of every form posted without a session (the call-back form, the sign-in
    /// form): the browser did not name another site as the form's origin (`same_site`, from
    /// Origin/Referer) and the token verifies.
    bool accepts(std::string_view token, bool same_site, std::chrono::sys_seconds now) const {
        return same_site && verify(token, now);
    }

private:
    std::string mac_of(std::string_view issued) const;

    MasterKey::Key key_{};
    std::chrono::seconds lifetime_;
};

}  // namespace gp::security
