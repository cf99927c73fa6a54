// `guardpress user` and `guardpress audit` as an operator runs them: the real binary on a real
// data dir.
#include <gtest/gtest.h>

#include <regex>

#include "run_binary.hpp"

namespace gp::test {
namespace {

class UserCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto init = run({"init", "--data-dir", data.string()}, scratch);
        ASSERT_EQ(init.code, 0) << init.err;
    }
    test::Run user(std::vector<std::string> args) {
        args.insert(args.begin(), "user");
        args.insert(args.end(), {"--data-dir", data.string()});
        return run(args, scratch);
    }
    TempDir scratch;
    TempDir dir;
    std::filesystem::path data = dir.path() / "site";
};

TEST_F(UserCliTest, AddPrintsAOneTimePasswordOnceAndNamesAreUniqueWhateverTheCase) {
    auto added = user({"add", "--role", "system_admin", "--name", "ops.chen"});
    ASSERT_EQ(added.code, 0) << added.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(added.out, m, std::regex("one-time password: (\\S+)")));
    EXPECT_GE(m[1].str().size(), 16u);
    auto again = user({"add", "--role", "editor", "--name", "OPS.CHEN"});
    EXPECT_EQ(again.code, 2);
    EXPECT_NE(again.err.find("exists"), std::string::npos);
    auto listed = user({"list"});
    EXPECT_NE(listed.out.find("ops.chen"), std::string::npos);
    EXPECT_EQ(listed.out.find(m[1].str()), std::string::npos) << "the password is never listed";
}

TEST_F(UserCliTest, BadInputAnswersTwoWithAReason) {
    auto reserved = user({"add", "--role", "system_admin", "--name", "admin"});
    EXPECT_EQ(reserved.code, 2);
    EXPECT_NE(reserved.err.find("reserved"), std::string::npos);
    auto role = user({"add", "--role", "superuser", "--name", "wang.fang"});
    EXPECT_EQ(role.code, 2);
    EXPECT_NE(role.err.find("--role must be one of"), std::string::npos);
    auto name = user({"add", "--role", "editor", "--name", "王芳"});
    EXPECT_EQ(name.code, 2);
    auto missing = user({"disable", "--name", "nobody.here"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("no account named nobody.here"), std::string::npos);
}

TEST_F(UserCliTest, DisableResetMfaAndVerifyAreRecorded) {
    ASSERT_EQ(user({"add", "--role", "editor", "--name", "liu.yang"}).code, 0);
    EXPECT_EQ(user({"disable", "--name", "liu.yang"}).code, 0);
    EXPECT_NE(user({"list"}).out.find("disabled"), std::string::npos);
    EXPECT_EQ(user({"enable", "--name", "liu.yang"}).code, 0);
    EXPECT_EQ(user({"reset-mfa", "--name", "liu.yang"}).code, 0);
    auto verify = run({"audit", "verify", "--data-dir", data.string()}, scratch);
    EXPECT_EQ(verify.code, 0) << verify.err;
    // account.create, account.disable, account.enable, auth.mfa_reset
    EXPECT_NE(verify.out.find("intact: 4 records"), std::string::npos) << verify.out;
}

}  // namespace
}  // namespace gp::test
