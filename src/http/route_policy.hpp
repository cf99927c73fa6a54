#pragma once

namespace gp::http {

/// Which of the settings' body limits a route's requests may use (docs/adr/0027). The session
/// asks the route table through a LimitsFor before it reads a body.
enum class BodyLimit {
    public_form,  ///< server.body_limit: the public forms
    back_end,     ///< server.admin_body_limit: article bodies and the other back-end forms
    upload,       ///< media.max_upload_bytes plus room for the form around the file
};

/// What a route's POST must carry so that another site cannot send it (ASVS 4.2.2). Each side's
/// gate does the check the kind names; the route table says which one applies.
enum class Csrf {
    none,            ///< GET and HEAD: nothing changes
    form_token,      ///< a signed, time-limited form token (public forms, the sign-in form)
    session_form,    ///< the session's token in the form (`_csrf`) or in X-CSRF-Token
    session_header,  ///< a JSON route: the session's token in X-CSRF-Token; refusals in JSON
};

}  // namespace gp::http
