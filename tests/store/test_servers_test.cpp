// The test servers themselves: started on 127.0.0.1, answering, and gone with their temp dirs
// once stopped, whether the tests run as root or not.
#include <gtest/gtest.h>
#include <signal.h>

#include <pqxx/pqxx>

#include "support/postgres_server.hpp"
#include "support/redis_server.hpp"

namespace gp::test {
namespace {

bool process_exists(pid_t pid) { return kill(pid, 0) == 0; }

TEST(TestServers, PostgresAnswersOnLoopbackAndLeavesNothingBehind) {
    pid_t pid = 0;
    std::filesystem::path dir;
    {
        PostgresServer server;
        pid = server.pid();
        dir = server.dir();
        EXPECT_TRUE(process_exists(pid));
        const auto url = server.create_database("gp_probe");
        pqxx::connection c(url);
        pqxx::nontransaction tx(c);
        EXPECT_EQ(tx.exec1("SELECT inet_server_addr()::text")[0].as<std::string>(), "127.0.0.1/32");
        EXPECT_EQ(tx.exec1("SHOW server_encoding")[0].as<std::string>(), "UTF8");
        EXPECT_EQ(tx.exec1("SHOW fsync")[0].as<std::string>(), "off");
    }
    // Reaped by the destructor: the PID is no longer a process of ours.
    EXPECT_FALSE(process_exists(pid));
    EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(TestServers, RedisAnswersOnLoopbackAndLeavesNothingBehind) {
    pid_t pid = 0;
    std::filesystem::path dir;
    {
        RedisServer server;
        pid = server.pid();
        dir = server.dir();
        EXPECT_EQ(server.command({"SET", "gp:probe", "等保"}), "OK");
        EXPECT_EQ(server.command({"GET", "gp:probe"}), "等保");
        EXPECT_EQ(server.command({"INCR", "gp:counter"}), "1");
    }
    EXPECT_FALSE(process_exists(pid));
    EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace gp::test
