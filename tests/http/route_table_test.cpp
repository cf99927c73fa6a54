// The one route table against a list written here by hand, row by row: a route added, removed or
// given another gate, permission, token or body limit must be changed in both places, so the
// change is deliberate and shows in review.
#include "app/route_table.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace gp::app {
namespace {

std::string_view gate_name(const std::optional<admin::Gate>& gate) {
    if (!gate) return "public";
    switch (*gate) {
        case admin::Gate::anonymous:
            return "anonymous";
        case admin::Gate::second_factor:
            return "second_factor";
        case admin::Gate::enroll:
            return "enroll";
        case admin::Gate::password:
            return "password";
        case admin::Gate::any_session:
            return "any_session";
        case admin::Gate::full:
            return "full";
    }
    return "?";
}

std::string_view csrf_name(http::Csrf csrf) {
    switch (csrf) {
        case http::Csrf::none:
            return "-";
        case http::Csrf::form_token:
            return "form-token";
        case http::Csrf::session_form:
            return "session";
        case http::Csrf::session_header:
            return "session-json";
    }
    return "?";
}

std::string_view body_name(http::BodyLimit body) {
    switch (body) {
        case http::BodyLimit::public_form:
            return "public";
        case http::BodyLimit::back_end:
            return "back-end";
        case http::BodyLimit::upload:
            return "upload";
    }
    return "?";
}

// "METHOD pattern gate permission csrf body [cached]"
std::string describe(const RouteRow& row) {
    auto line = fmt::format(
        "{} {} {} {} {} {}", row.verb == http::Verb::get ? "GET" : "POST", row.pattern,
        gate_name(row.gate),
        row.permission ? accounts::permission_name(*row.permission) : std::string_view("-"),
        csrf_name(row.csrf), body_name(row.body));
    if (row.cacheable) line += " cached";
    return line;
}

const std::vector<std::string> kExpected{
    "GET / public - - public cached",
    "GET /healthz public - - public",
    "GET /wechat-qr.svg public - - public cached",
    "GET /static/{path...} public - - public cached",
    "GET /callback public - - public",
    "POST /callback public - form-token public",
    "GET /callback/thanks public - - public",
    "GET /tag/{keyword}/ public - - public cached",
    "GET /search public - - public cached",
    "GET /rss.xml public - - public cached",
    "GET /sitemap.xml public - - public cached",
    "GET /sitemaps/{n}.xml public - - public cached",
    "GET /sitemap.txt public - - public cached",
    "GET /robots.txt public - - public cached",
    "GET /media/{name} public - - public",
    "GET /admin public - - public",
    "GET /admin/login anonymous - - back-end",
    "POST /admin/login anonymous - form-token back-end",
    "GET /admin/login/code second_factor - - back-end",
    "POST /admin/login/code second_factor - session back-end",
    "GET /admin/mfa enroll - - back-end",
    "POST /admin/mfa enroll - session back-end",
    "GET /admin/password password - - back-end",
    "POST /admin/password password - session back-end",
    "POST /admin/logout any_session - session back-end",
    "GET /admin/ full dashboard - back-end",
    "GET /admin/accounts full accounts_view - back-end",
    "POST /admin/accounts full accounts_create session back-end",
    "POST /admin/accounts/{id}/disable full accounts_disable session back-end",
    "POST /admin/accounts/{id}/enable full accounts_disable session back-end",
    "POST /admin/accounts/{id}/unlock full accounts_unlock session back-end",
    "POST /admin/accounts/{id}/reset-mfa full mfa_reset session back-end",
    "POST /admin/accounts/{id}/role full roles_assign session back-end",
    "GET /admin/audit full audit_view - back-end",
    "POST /admin/audit/export full audit_export session back-end",
    "GET /admin/leads full leads_view - back-end",
    "POST /admin/leads/{id}/reveal full leads_reveal session back-end",
    "POST /admin/leads/export full leads_export session back-end",
    "GET /admin/articles full articles_view - back-end",
    "GET /admin/articles/new full articles_write - back-end",
    "POST /admin/articles full articles_write session back-end",
    "POST /admin/articles/new/autosave full articles_write session-json back-end",
    "GET /admin/articles/{id} full articles_view - back-end",
    "POST /admin/articles/{id} full articles_write session back-end",
    "POST /admin/articles/{id}/autosave full articles_write session-json back-end",
    "POST /admin/articles/{id}/submit full articles_write session back-end",
    "POST /admin/articles/{id}/approve full articles_publish session back-end",
    "POST /admin/articles/{id}/publish full articles_publish session back-end",
    "POST /admin/articles/{id}/unpublish full articles_publish session back-end",
    "POST /admin/articles/{id}/send-back full articles_publish session back-end",
    "POST /admin/articles/{id}/trash full articles_trash session back-end",
    "POST /admin/articles/{id}/restore full articles_trash session back-end",
    "GET /admin/articles/{id}/revisions full articles_view - back-end",
    "GET /admin/articles/{id}/diff full articles_view - back-end",
    "POST /admin/articles/{id}/revisions/restore full articles_write session back-end",
    "GET /admin/media full media_view - back-end",
    "POST /admin/media full media_upload session upload",
    "POST /admin/media/{id}/delete full media_upload session back-end",
    "GET /admin/categories full categories_manage - back-end",
    "POST /admin/categories full categories_manage session back-end",
    "POST /admin/categories/{id} full categories_manage session back-end",
    "POST /admin/categories/{id}/order full categories_manage session back-end",
    "POST /admin/categories/{id}/delete full categories_manage session back-end",
    "POST /admin/categories/{id}/move-articles full categories_manage session back-end",
    "GET /{path...}/rss.xml public - - public cached",
    "GET /{path...}/{id}.html public - - public cached",
    "GET /{path...}/ public - - public cached",
    "GET /{path...} public - - public",
};

TEST(RouteTable, EveryRowIsTheOneWrittenHereInTheSameOrder) {
    // Order matters: the router takes the first row that matches, and the category patterns
    // at the end would take any path.
    std::vector<std::string> actual;
    for (const auto& row : route_table()) actual.push_back(describe(row));
    EXPECT_EQ(actual, kExpected);
}

TEST(RouteTable, EveryPostCarriesAToken) {
    for (const auto& row : route_table()) {
        EXPECT_EQ(row.verb == http::Verb::post, row.csrf != http::Csrf::none) << describe(row);
    }
}

TEST(RouteTable, OnlyPublicPagesMayBeCachedAndTheBackEndNeverIs) {
    for (const auto& row : route_table()) {
        if (row.cacheable) {
            EXPECT_EQ(row.verb, http::Verb::get) << describe(row);
            EXPECT_FALSE(row.gate) << describe(row);
        }
        // A back-end handler runs only behind its gate, and a gate only guards the back end.
        EXPECT_EQ(std::holds_alternative<admin::AdminHandler>(row.handler), row.gate.has_value())
            << describe(row);
        if (row.gate) {
            EXPECT_NE(row.body, http::BodyLimit::public_form) << describe(row);
        } else {
            EXPECT_EQ(row.body, http::BodyLimit::public_form) << describe(row);
        }
        // A permission means nothing without the full session's gate that checks it.
        if (row.permission) {
            EXPECT_EQ(row.gate, admin::Gate::full) << describe(row);
        }
    }
}

TEST(RouteTable, NoTwoRowsTakeTheSameMethodAndPattern) {
    std::set<std::pair<http::Verb, std::string_view>> seen;
    for (const auto& row : route_table()) {
        EXPECT_TRUE(seen.emplace(row.verb, row.pattern).second) << describe(row);
    }
}

}  // namespace
}  // namespace gp::app
