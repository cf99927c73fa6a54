#include "http/session.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <string>
#include <vector>

namespace gp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

constexpr std::size_t kSmallLimit = 16;

// The whole server side of one connection over Beast's in-memory stream: the session as the
// server runs it, a real worker pool, and callbacks that record what reached them.
class SessionTest : public ::testing::Test {
protected:
    SessionTest() {
        shared = std::make_shared<SessionShared>(
            workers, ServerLimits{},
            [this](Verb method, std::string_view target) {
                std::lock_guard lock{mutex};
                limit_asks.push_back(std::string(beast_http::to_string(method)) + " " +
                                     std::string(target));
                return RequestLimits{target.starts_with("/small") ? kSmallLimit : 1u << 20};
            },
            [this](Request& req, RequestContext& ctx) {
                std::lock_guard lock{mutex};
                dispatched.push_back(std::string(req.target()));
                client_ips.push_back(ctx.client_ip);
                request_ids.push_back(ctx.request_id);
                return make_response(Status::ok, "text/plain",
                                     std::string(req.target()) + " got " + req.body());
            },
            [](Status status, RequestContext&) {
                return make_response(status, "text/plain",
                                     "rejected " + std::to_string(static_cast<int>(status)));
            });
    }

    /// Runs one session until it ends over `input` (the peer closes after sending it) and
    /// returns the bytes the session wrote. `read_size` caps the bytes one read returns.
    std::string converse(std::string_view input, beast::test::fail_count* fail = nullptr,
                         std::size_t read_size = 0) {
        asio::io_context io;
        auto server = fail ? beast::test::stream(io, *fail, input) : beast::test::stream(io, input);
        beast::test::stream client(io);
        server.connect(client);
        if (read_size > 0) server.read_size(read_size);
        server.close_remote();
        bool ended = false;
        asio::co_spawn(io, run_session(std::move(server), shared, "192.0.2.7"),
                       [&](std::exception_ptr e) {
                           EXPECT_FALSE(e) << "the session threw";
                           ended = true;
                       });
        io.run();
        EXPECT_TRUE(ended);
        // The session let go of everything it shared with the server.
        EXPECT_EQ(shared.use_count(), 1);
        EXPECT_EQ(shared->busy, 0u);
        return std::string(client.str());
    }

    /// The responses in `bytes`, in order; stops at the first that does not parse.
    static std::vector<Response> responses_in(std::string_view bytes) {
        asio::io_context io;
        beast::test::stream in(io, bytes);
        in.close_remote();
        beast::flat_buffer buffer;
        std::vector<Response> out;
        for (;;) {
            beast_http::response_parser<beast_http::string_body> parser;
            boost::system::error_code ec;
            beast_http::read(in, buffer, parser, ec);
            if (ec) break;
            out.push_back(parser.release());
        }
        return out;
    }

    asio::thread_pool workers{1};
    std::shared_ptr<SessionShared> shared;
    std::mutex mutex;
    std::vector<std::string> limit_asks;
    std::vector<std::string> dispatched;
    std::vector<std::string> client_ips;
    std::vector<std::string> request_ids;
};

constexpr std::string_view kGetHome = "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n";
constexpr std::string_view kGetAbout = "GET /about HTTP/1.1\r\nHost: example.test\r\n\r\n";

TEST_F(SessionTest, AnswersAGetFromTheDispatchWithTheClientAddressAndAnId) {
    const auto out = responses_in(converse(kGetHome));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::ok);
    EXPECT_EQ(out[0].body(), "/ got ");
    EXPECT_TRUE(out[0].keep_alive());
    EXPECT_EQ(out[0][Field::content_length], "6");
    ASSERT_EQ(dispatched, std::vector<std::string>{"/"});
    EXPECT_EQ(client_ips[0], "192.0.2.7");
    EXPECT_FALSE(request_ids[0].empty());
    // A request without a body never needs a body limit.
    EXPECT_TRUE(limit_asks.empty());
}

TEST_F(SessionTest, KeepsTheConnectionForASecondRequest) {
    const auto out = responses_in(converse(std::string(kGetHome) + std::string(kGetAbout)));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].body(), "/ got ");
    EXPECT_EQ(out[1].body(), "/about got ");
    EXPECT_EQ(dispatched, (std::vector<std::string>{"/", "/about"}));
    EXPECT_NE(request_ids[0], request_ids[1]);
}

TEST_F(SessionTest, ClosesAfterARequestThatAsksForIt) {
    const auto out = responses_in(converse(
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + std::string(kGetAbout)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(out[0].keep_alive());
    EXPECT_EQ(dispatched, std::vector<std::string>{"/"});
}

TEST_F(SessionTest, ClosesAfterTheCurrentRequestOnceTheServerIsStopping) {
    // What Server::stop_accepting sets: the request in hand is answered, the next is not read.
    shared->stopping = true;
    const auto out = responses_in(converse(std::string(kGetHome) + std::string(kGetAbout)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(out[0].keep_alive());
    EXPECT_EQ(dispatched, std::vector<std::string>{"/"});
}

TEST_F(SessionTest, ReadsABodyWithinTheLimitTheCallbackGives) {
    const auto out = responses_in(converse(
        "POST /small?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 16\r\n\r\n0123456789abcdef"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::ok);
    EXPECT_EQ(out[0].body(), "/small?x=1 got 0123456789abcdef");
    // Asked once, with the method and the target as sent.
    EXPECT_EQ(limit_asks, std::vector<std::string>{"POST /small?x=1"});
}

TEST_F(SessionTest, RefusesADeclaredBodyOverTheLimitWith413BeforeReadingIt) {
    const auto out = responses_in(
        converse("POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n0123456789abcdefg" +
                 std::string(kGetHome)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::payload_too_large);
    EXPECT_EQ(out[0].body(), "rejected 413");
    EXPECT_FALSE(out[0].keep_alive());
    EXPECT_TRUE(dispatched.empty());
    EXPECT_EQ(limit_asks, std::vector<std::string>{"POST /small"});
}

TEST_F(SessionTest, RefusesAChunkedBodyThatGrowsOverTheLimitWith413) {
    const auto out = responses_in(
        converse("POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::payload_too_large);
    EXPECT_TRUE(dispatched.empty());
}

TEST_F(SessionTest, TheSameBodyPassesWhereTheCallbackAllowsMore) {
    const auto out = responses_in(
        converse("POST /large HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::ok);
    EXPECT_EQ(out[0].body(), "/large got 01234567890123456789");
}

TEST_F(SessionTest, RefusesAHeaderOverTheLimitWith431) {
    const auto out =
        responses_in(converse("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " +
                              std::string(ServerLimits{}.header_limit, 'x') + "\r\n\r\n"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::request_header_fields_too_large);
    EXPECT_TRUE(dispatched.empty());
}

TEST_F(SessionTest, AnswersAMalformedRequestWith400AndCloses) {
    const auto out =
        responses_in(converse("GET / HTTP/1.1\r\nHost a\r\n\r\n" + std::string(kGetAbout)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::bad_request);
    EXPECT_EQ(out[0].body(), "rejected 400");
    EXPECT_FALSE(out[0].keep_alive());
    EXPECT_TRUE(dispatched.empty());
}

// Framing the server does not read would leave the body to be parsed as the next request.
class BadTransferEncodingTest : public SessionTest,
                                public ::testing::WithParamInterface<std::string> {};

TEST_P(BadTransferEncodingTest, AnswersWith400AndReadsNoFurther) {
    const auto out = responses_in(converse("POST /large HTTP/1.1\r\nHost: a\r\n" + GetParam() +
                                           "\r\n5\r\nhello\r\n0\r\n\r\n" + std::string(kGetAbout)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::bad_request);
    EXPECT_EQ(out[0].body(), "rejected 400");
    EXPECT_FALSE(out[0].keep_alive());
    EXPECT_TRUE(dispatched.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Codings, BadTransferEncodingTest,
    ::testing::Values("Transfer-Encoding: gzip\r\n", "Transfer-Encoding: chunked, gzip\r\n",
                      "Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding: \r\n",
                      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                      "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                      "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"));

TEST_F(SessionTest, ReadsAChunkedBodyWhateverTheCaseOfTheCoding) {
    const auto out =
        responses_in(converse("POST /large HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  Chunked "
                              "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].result(), Status::ok);
    EXPECT_EQ(out[0].body(), "/large got hello");
}

TEST_F(SessionTest, AnswersFromTheFastPathWithoutAWorker) {
    shared->fast_path = [](const Request& req, RequestContext&, PreparedResponse& out) {
        if (req.target() != "/") return false;
        out.head = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n";
        out.body = {"cac", "hed"};
        return true;
    };
    const auto out = responses_in(converse(std::string(kGetHome) + std::string(kGetAbout)));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].body(), "cached");
    EXPECT_EQ(out[1].body(), "/about got ");
    EXPECT_EQ(dispatched, std::vector<std::string>{"/about"});
}

TEST_F(SessionTest, AFailedFirstReadEndsTheSessionWithoutAnAnswer) {
    beast::test::fail_count fail{1};  // fail_count counts from 1
    EXPECT_EQ(converse(kGetHome, &fail), "");
    EXPECT_TRUE(dispatched.empty());
}

TEST_F(SessionTest, AReadFailingOnTheSecondRequestEndsTheSessionAfterTheFirstAnswer) {
    // One read per request: the first read, a write, then the second read fails.
    beast::test::fail_count fail{3};
    const auto out = responses_in(
        converse(std::string(kGetHome) + std::string(kGetAbout), &fail, kGetHome.size()));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].body(), "/ got ");
    EXPECT_EQ(dispatched, std::vector<std::string>{"/"});
}

TEST_F(SessionTest, AFailedWriteEndsTheSessionBeforeTheNextRequestRuns) {
    beast::test::fail_count fail{2};  // the first read succeeds, the first write fails
    EXPECT_EQ(converse(std::string(kGetHome) + std::string(kGetAbout), &fail), "");
    // The pipelined second request is not run: its answer could not be delivered.
    EXPECT_EQ(dispatched, std::vector<std::string>{"/"});
}

TEST_F(SessionTest, EndsCleanlyWhicheverOperationFails) {
    // Small reads, so the operations fail inside a header, inside a body and between requests.
    const std::string input = std::string(kGetHome) +
                              "POST /large HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello" +
                              std::string(kGetAbout);
    const std::string whole = converse(input, nullptr, 7);
    ASSERT_EQ(responses_in(whole).size(), 3u);
    // Fail the first operation, then the second, ... until one past the last: each run ends
    // (converse checks the session ended and let go of everything) having written the answers
    // that came before the failure and nothing else.
    std::size_t n = 1;
    for (; n < 200; ++n) {
        beast::test::fail_count fail{n};
        const std::string bytes = converse(input, &fail, 7);
        ASSERT_TRUE(whole.starts_with(bytes)) << "operation " << n;
        if (bytes == whole) break;
        EXPECT_LT(responses_in(bytes).size(), 3u) << "operation " << n;
    }
    EXPECT_GT(n, 20u) << "the small reads should take many operations";
    EXPECT_LT(n, 200u);
}

}  // namespace
}  // namespace gp::http
