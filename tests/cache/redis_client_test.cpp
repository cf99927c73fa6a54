// The connection settings from cache.redis_url: password and database reach Redis, and a wrong
// one is a configuration error (std::runtime_error, start-up stops), not an outage.
#include <gtest/gtest.h>

#include "cache/unavailable.hpp"
#include "cache_backends.hpp"

namespace gp::cache::test {
namespace {

TEST(RedisClient, SelectsTheConfiguredDatabase) {
    auto& server = shared_redis();
    auto options = options_for(server);
    options.db = 3;
    redis::RedisClient client(options);
    client.command({"SET", "gp-test:db-probe", "x"});
    EXPECT_EQ(server.command({"EXISTS", "gp-test:db-probe"}), "0");  // not in database 0
    EXPECT_EQ(client.command({"GET", "gp-test:db-probe"}).str, "x");
    client.command({"DEL", "gp-test:db-probe"});
}

TEST(RedisClient, AWrongPasswordIsAConfigurationErrorNotAnOutage) {
    gp::test::RedisServer server;
    server.command({"CONFIG", "SET", "requirepass", "right-one"});
    auto options = options_for(server);
    options.password = "wrong-one";
    redis::RedisClient wrong(options);
    try {
        wrong.command({"PING"});
        ADD_FAILURE() << "a wrong password was accepted";
    } catch (const Unavailable& e) {
        ADD_FAILURE() << "a wrong password read as an outage: " << e.what();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("refused AUTH"), std::string::npos) << e.what();
    }
    options.password = "right-one";
    redis::RedisClient right(options);
    EXPECT_EQ(right.command({"PING"}).str, "PONG");
}

TEST(RedisClient, AnErrorReplyIsABugNotAnOutage) {
    redis::RedisClient client(options_for(shared_redis()));
    EXPECT_THROW(client.command({"NO-SUCH-COMMAND"}), std::runtime_error);
    try {
        client.command({"NO-SUCH-COMMAND"});
    } catch (const Unavailable&) {
        ADD_FAILURE() << "an error reply read as an outage";
    } catch (const std::runtime_error&) {
    }
    // The connection stays usable after an error reply.
    EXPECT_EQ(client.command({"PING"}).str, "PONG");
}

}  // namespace
}  // namespace gp::cache::test
