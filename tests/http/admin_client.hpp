#pragma once

#include <openssl/hmac.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "test_server.hpp"

namespace gp::test {

/// RFC 4648 base32 without padding, decoded; written here so the test does not trust the code
/// under test to read the secret it shows.
inline std::string base32_decode(std::string_view text) {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const auto v = kAlphabet.find(c);
        if (v == std::string_view::npos) continue;
        buffer = (buffer << 5) | static_cast<unsigned>(v);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

/// RFC 6238 TOTP (HMAC-SHA-1, 30 s, 6 digits) computed with OpenSSL, independently of liboath.
inline std::string reference_totp(std::string_view seed, content::Time at, int digits = 6) {
    std::uint64_t counter = static_cast<std::uint64_t>(at.time_since_epoch().count()) / 30;
    unsigned char msg[8];
    for (int i = 7; i >= 0; --i) {
        msg[i] = static_cast<unsigned char>(counter & 0xFF);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    HMAC(EVP_sha1(), seed.data(), static_cast<int>(seed.size()), msg, sizeof msg, mac, &len);
    const int offset = mac[len - 1] & 0x0F;
    const std::uint32_t code = ((mac[offset] & 0x7F) << 24) | (mac[offset + 1] << 16) |
                               (mac[offset + 2] << 8) | mac[offset + 3];
    std::uint32_t mod = 1;
    for (int i = 0; i < digits; ++i) mod *= 10;
    auto text = std::to_string(code % mod);
    return std::string(static_cast<std::size_t>(digits) - text.size(), '0') + text;
}

/// A browser-like client of the back end: keeps cookies, finds the page's CSRF token, and
/// sends same-site POSTs.
class AdminClient {
public:
    explicit AdminClient(TestServer& server) : server_(server) {}

    Response get(const std::string& target) {
        http::request<http::string_body> req{http::verb::get, target, 11};
        return exchange(std::move(req));
    }

    /// POSTs a form; `_csrf` is taken from the last page unless the fields carry one.
    Response post(const std::string& target,
                  std::vector<std::pair<std::string, std::string>> fields, bool add_csrf = true) {
        if (add_csrf) fields.emplace_back("_csrf", csrf_);
        std::string body;
        for (const auto& [k, v] : fields) {
            if (!body.empty()) body += '&';
            body += boost::urls::encode(k, boost::urls::unreserved_chars) + "=" +
                    boost::urls::encode(v, boost::urls::unreserved_chars);
        }
        http::request<http::string_body> req{http::verb::post, target, 11};
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.set(http::field::origin, origin_);
        req.body() = body;
        return exchange(std::move(req));
    }

    /// Signs in with a password; returns the answer (303 to the next step on success).
    Response sign_in(const std::string& name, const std::string& password) {
        get("/admin/login");
        return post("/admin/login", {{"name", name}, {"password", password}});
    }

    /// The whole first sign-in of a new account: password, enrolment, recovery codes, new
    /// password. Returns the TOTP seed; afterwards the client holds a full session.
    std::string first_sign_in(const std::string& name, const std::string& one_time,
                              const std::string& new_password) {
        auto r = sign_in(name, one_time);
        expect(r, 303, "/admin/mfa");
        auto page = get("/admin/mfa");
        std::smatch m;
        const std::string body = page.body();
        if (!std::regex_search(body, m, std::regex("data-secret>([A-Z2-7]+)<"))) {
            throw std::runtime_error("no secret on the enrolment page");
        }
        seed_ = base32_decode(m[1].str());
        r = post("/admin/mfa", {{"code", reference_totp(seed_, server_.clock().now())}});
        expect(r, 200, "");
        recovery_page_ = r.body();
        r = get("/admin/");
        expect(r, 303, "/admin/password");
        get("/admin/password");
        r = post("/admin/password",
                 {{"current", one_time}, {"password", new_password}, {"confirm", new_password}});
        expect(r, 303, "/admin/?changed=1");
        get("/admin/");
        return seed_;
    }

    /// A later sign-in: password, then the code for the clock's current time step.
    Response sign_in_with_code(const std::string& name, const std::string& password,
                               const std::string& seed) {
        auto r = sign_in(name, password);
        if (r.result_int() != 303) return r;
        get("/admin/login/code");
        return post("/admin/login/code", {{"code", reference_totp(seed, server_.clock().now())}});
    }

    const std::string& recovery_page() const { return recovery_page_; }
    const std::string& csrf() const { return csrf_; }
    std::string cookie(const std::string& name) const {
        auto it = cookies_.find(name);
        return it == cookies_.end() ? std::string{} : it->second;
    }
    void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
    void set_origin(std::string origin) { origin_ = std::move(origin); }
    /// A header sent with every later request (replacing the client's own, e.g. User-Agent).
    void set_header(const std::string& name, std::string value) {
        headers_[name] = std::move(value);
    }

    static void expect(const Response& r, int status, const std::string& location) {
        if (static_cast<int>(r.result_int()) != status ||
            (!location.empty() && std::string(r[http::field::location]) != location)) {
            throw std::runtime_error("expected " + std::to_string(status) + " " + location +
                                     ", got " + std::to_string(r.result_int()) + " " +
                                     std::string(r[http::field::location]) + "\n" +
                                     r.body().substr(0, 2000));
        }
    }

private:
    Response exchange(http::request<http::string_body> req) {
        std::string jar;
        for (const auto& [k, v] : cookies_) {
            if (!jar.empty()) jar += "; ";
            jar += k + "=" + v;
        }
        if (!jar.empty()) req.set(http::field::cookie, jar);
        req.set(http::field::user_agent, "Mozilla/5.0 (X11; Linux x86_64) AdminTest/1.0");
        for (const auto& [name, value] : headers_) req.set(name, value);
        auto res = server_.send(std::move(req));
        for (auto it = res.find(http::field::set_cookie);
             it != res.end() && it->name() == http::field::set_cookie; ++it) {
            const std::string line(it->value());
            const auto eq = line.find('=');
            const auto semi = line.find(';');
            const auto name = line.substr(0, eq);
            const auto value = line.substr(eq + 1, semi - eq - 1);
            if (line.find("Max-Age=0") != std::string::npos) {
                cookies_.erase(name);
            } else {
                cookies_[name] = value;
            }
        }
        std::smatch m;
        const std::string body = res.body();
        if (std::regex_search(body, m, std::regex("name=\"_csrf\" value=\"([^\"]+)\""))) {
            csrf_ = m[1].str();
        }
        return res;
    }

    TestServer& server_;
    std::map<std::string, std::string> cookies_;
    std::map<std::string, std::string> headers_;
    std::string csrf_;
    std::string origin_ = "http://127.0.0.1";
    std::string seed_;
    std::string recovery_page_;
};

}  // namespace gp::test
