// The stages of the request pipeline one at a time, each over a stub endpoint, and the pipeline
// that runs them (docs/design.md "A request, step by step").
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/middleware/access_log.hpp"
#include "http/middleware/client_address.hpp"
#include "http/middleware/error_mapper.hpp"
#include "http/middleware/security_headers.hpp"
#include "http/pipeline.hpp"

namespace gp::http {
namespace {

Request get(std::string target) {
    Request req{Verb::get, target, 11};
    req.set(Field::host, "example.test");
    return req;
}

Response ok(Request&, RequestContext&) { return make_response(Status::ok, "text/plain", "ok"); }

/// Every line logged while it lives, in place of the usual logger.
class Logged {
public:
    Logged() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
        sink->set_pattern("%v");
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    }
    ~Logged() { spdlog::set_default_logger(previous_); }
    Logged(const Logged&) = delete;
    Logged& operator=(const Logged&) = delete;
    std::string text() const { return out_.str(); }

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream out_;
};

/// Notes its name on the way in and out, so the order of the stages shows.
class Tracer final : public Middleware {
public:
    Tracer(std::string name, std::vector<std::string>& trace, bool answers = false)
        : name_(std::move(name)), trace_(trace), answers_(answers) {}
    Response handle(Request& req, RequestContext& ctx, const Next& next) override {
        trace_.push_back(name_ + " in");
        if (answers_) return make_response(Status::too_many_requests, "text/plain", name_);
        auto res = next(req, ctx);
        trace_.push_back(name_ + " out");
        return res;
    }

private:
    std::string name_;
    std::vector<std::string>& trace_;
    bool answers_;
};

TEST(Pipeline, RunsItsStagesOutermostFirstAroundTheEndpoint) {
    std::vector<std::string> trace;
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<Tracer>("a", trace));
    stages.push_back(std::make_unique<Tracer>("b", trace));
    const Pipeline pipeline(std::move(stages), [&](Request&, RequestContext&) {
        trace.emplace_back("endpoint");
        return make_response(Status::ok, "text/plain", "ok");
    });
    auto req = get("/");
    RequestContext ctx;
    EXPECT_EQ(pipeline.run(req, ctx).result(), Status::ok);
    EXPECT_EQ(trace, (std::vector<std::string>{"a in", "b in", "endpoint", "b out", "a out"}));
}

TEST(Pipeline, AStageThatAnswersStopsTheRest) {
    std::vector<std::string> trace;
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<Tracer>("a", trace));
    stages.push_back(std::make_unique<Tracer>("limit", trace, true));
    stages.push_back(std::make_unique<Tracer>("c", trace));
    bool reached = false;
    const Pipeline pipeline(std::move(stages), [&](Request& req, RequestContext& ctx) {
        reached = true;
        return ok(req, ctx);
    });
    auto req = get("/");
    RequestContext ctx;
    EXPECT_EQ(pipeline.run(req, ctx).result(), Status::too_many_requests);
    EXPECT_FALSE(reached);
    EXPECT_EQ(trace, (std::vector<std::string>{"a in", "limit in", "a out"}));
}

TEST(ClientAddress, AnUntrustedPeerIsTheClientWhateverItForwards) {
    const ClientAddress clients({"10.0.0.2"});
    auto req = get("/");
    req.set("X-Forwarded-For", "198.51.100.9");
    EXPECT_EQ(clients.resolve(req, "203.0.113.5"), "203.0.113.5");
}

TEST(ClientAddress, BehindATrustedProxyTheRightmostUntrustedAddressIsTheClient) {
    const ClientAddress clients({"10.0.0.2", "10.0.0.3"});
    auto req = get("/");
    // The leftmost entry is whatever the client wrote; only what our proxies added counts.
    req.set("X-Forwarded-For", "192.0.2.77, 198.51.100.9, 10.0.0.3");
    EXPECT_EQ(clients.resolve(req, "10.0.0.2"), "198.51.100.9");
    req.set("X-Forwarded-For", "10.0.0.3, not-an-address");
    EXPECT_EQ(clients.resolve(req, "10.0.0.2"), "10.0.0.2");
}

TEST(AccessLog, StampsTheRequestIdAndLogsOneLineWithControlCharactersEscaped) {
    const Logged logged;
    const ClientAddress clients({});
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<AccessLog>(clients, true));
    const Pipeline pipeline(std::move(stages), ok);
    auto req = get("/news/\x1b[31mfake");
    RequestContext ctx;
    ctx.request_id = "abcd-7";
    ctx.client_ip = "203.0.113.5";
    const auto res = pipeline.run(req, ctx);
    EXPECT_EQ(res["X-Request-Id"], "abcd-7");
    const auto line = logged.text();
    EXPECT_NE(line.find("abcd-7 203.0.113.5 GET /news/"), std::string::npos) << line;
    EXPECT_NE(line.find(" 200 "), std::string::npos) << line;
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << "a raw escape reached the log";
}

TEST(AccessLog, WhenOffItStillStampsTheIdButLogsNothing) {
    const Logged logged;
    const ClientAddress clients({});
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<AccessLog>(clients, false));
    const Pipeline pipeline(std::move(stages), ok);
    auto req = get("/");
    RequestContext ctx;
    ctx.request_id = "abcd-8";
    EXPECT_EQ(pipeline.run(req, ctx)["X-Request-Id"], "abcd-8");
    EXPECT_EQ(logged.text(), "");
}

TEST(SecurityHeaders, EveryAnswerCarriesThemAndHstsOnlyOverHttps) {
    for (const bool https : {false, true}) {
        std::vector<std::unique_ptr<Middleware>> stages;
        stages.push_back(std::make_unique<SecurityHeaders>(https));
        const Pipeline pipeline(std::move(stages), ok);
        auto req = get("/");
        RequestContext ctx;
        const auto res = pipeline.run(req, ctx);
        EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
        EXPECT_EQ(res["X-Frame-Options"], "DENY");
        EXPECT_NE(res["Content-Security-Policy"].find("frame-ancestors 'none'"),
                  std::string_view::npos);
        EXPECT_EQ(res[Field::strict_transport_security].empty(), !https);
    }
}

TEST(ErrorMapper, AnExceptionBelowBecomesThe500PageWithTheRequestId) {
    const Logged logged;
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<ErrorMapper>([](Status status, RequestContext& ctx) {
        return make_response(status, "text/html", "error page for " + ctx.request_id);
    }));
    const Pipeline pipeline(std::move(stages), [](Request&, RequestContext&) -> Response {
        throw std::runtime_error("database is locked");
    });
    auto req = get("/news/");
    RequestContext ctx;
    ctx.request_id = "abcd-9";
    const auto res = pipeline.run(req, ctx);
    EXPECT_EQ(res.result(), Status::internal_server_error);
    EXPECT_EQ(res.body(), "error page for abcd-9");
    // The operator reads the cause with the id; the reader never sees it.
    EXPECT_NE(logged.text().find("abcd-9 GET /news/: database is locked"), std::string::npos)
        << logged.text();
}

TEST(ErrorMapper, WhenTheErrorPageFailsTooAPlainPageStillNamesTheRequest) {
    const Logged logged;
    const ErrorMapper errors(
        [](Status, RequestContext&) -> Response { throw std::runtime_error("template missing"); });
    RequestContext ctx;
    ctx.request_id = "abcd-10";
    const auto res = errors.status_page(Status::internal_server_error, ctx);
    EXPECT_EQ(res.result(), Status::internal_server_error);
    EXPECT_NE(res.body().find("请求编号：abcd-10"), std::string::npos) << res.body();
}

TEST(ErrorMapper, AnAnswerWithoutAnExceptionPassesUnchanged) {
    std::vector<std::unique_ptr<Middleware>> stages;
    stages.push_back(std::make_unique<ErrorMapper>([](Status status, RequestContext&) {
        return make_response(status, "text/plain", "error");
    }));
    const Pipeline pipeline(std::move(stages), ok);
    auto req = get("/");
    RequestContext ctx;
    const auto res = pipeline.run(req, ctx);
    EXPECT_EQ(res.result(), Status::ok);
    EXPECT_EQ(res.body(), "ok");
}

}  // namespace
}  // namespace gp::http
