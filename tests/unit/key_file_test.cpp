#include "security/key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>

namespace gp::security {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& file, const std::string& bytes, fs::perms perms) {
    {
        std::ofstream out(file, std::ios::binary);
        out << bytes;
    }
    fs::permissions(file, perms, fs::perm_options::replace);
}

std::string error_of_load(const fs::path& file) {
    try {
        MasterKey::load(file);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no exception";
}

constexpr auto owner_rw = fs::perms::owner_read | fs::perms::owner_write;

class KeyFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() /
               ("gp-key-file-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                "-" + std::to_string(std::random_device{}()));
        ASSERT_TRUE(fs::create_directory(dir_));
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path dir_;
};

TEST_F(KeyFileTest, CreateWrites32BytesWithMode0600) {
    const auto file = dir_ / "master.key";
    MasterKey::create(file);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_EQ(st.st_size, 32);
    EXPECT_NO_THROW(MasterKey::load(file));
}

TEST_F(KeyFileTest, CreateMakesADifferentKeyEachTime) {
    MasterKey::create(dir_ / "a.key");
    MasterKey::create(dir_ / "b.key");
    EXPECT_NE(read_bytes(dir_ / "a.key"), read_bytes(dir_ / "b.key"));
}

TEST_F(KeyFileTest, CreateRefusesToOverwriteAnExistingKey) {
    const auto file = dir_ / "master.key";
    MasterKey::create(file);
    const auto before = read_bytes(file);
    ASSERT_EQ(before.size(), 32u);
    EXPECT_THROW(MasterKey::create(file), std::runtime_error);
    EXPECT_EQ(read_bytes(file), before);
}

TEST_F(KeyFileTest, CreateRefusesToOverwriteAnyExistingFile) {
    const auto file = dir_ / "notes.txt";
    write_bytes(file, "not a key, but precious",
                fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                    fs::perms::others_read);
    EXPECT_THROW(MasterKey::create(file), std::runtime_error);
    EXPECT_EQ(read_bytes(file), "not a key, but precious");
}

TEST_F(KeyFileTest, LoadOfAMissingFileNamesThePath) {
    const auto file = dir_ / "absent.key";
    const auto message = error_of_load(file);
    EXPECT_NE(message, "no exception");
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(file));
}

TEST_F(KeyFileTest, LoadRefusesAFileReadableByOthers) {
    const auto file = dir_ / "master.key";
    MasterKey::create(file);
    fs::permissions(file,
                    owner_rw | fs::perms::group_read | fs::perms::others_read,  // 0644
                    fs::perm_options::replace);
    const auto message = error_of_load(file);
    EXPECT_NE(message.find("chmod"), std::string::npos) << message;
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
}

TEST_F(KeyFileTest, LoadRefusesGroupOnlyAccessToo) {
    const auto file = dir_ / "master.key";
    MasterKey::create(file);
    fs::permissions(file, owner_rw | fs::perms::group_read, fs::perm_options::replace);  // 0640
    EXPECT_NE(error_of_load(file).find("chmod"), std::string::npos);
}

TEST_F(KeyFileTest, LoadRefusesAFileOfTheWrongSize) {
    for (const std::size_t size : {0u, 31u, 33u, 64u}) {
        const auto file = dir_ / ("size-" + std::to_string(size) + ".key");
        write_bytes(file, std::string(size, 'k'), owner_rw);
        const auto message = error_of_load(file);
        EXPECT_NE(message, "no exception") << size << " bytes";
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    }
}

TEST_F(KeyFileTest, LoadAcceptsAHandWritten32ByteFileWithMode0600) {
    const auto file = dir_ / "hand.key";
    write_bytes(file, std::string(32, 'k'), owner_rw);
    EXPECT_NO_THROW(MasterKey::load(file));
}

TEST_F(KeyFileTest, DeriveIsStableAcrossLoadsOfTheSameFile) {
    const auto file = dir_ / "master.key";
    MasterKey::create(file);
    const auto first = MasterKey::load(file);
    const auto second = MasterKey::load(file);
    EXPECT_EQ(first.derive(1, "gp_phone"), second.derive(1, "gp_phone"));
    EXPECT_EQ(first.derive(3, "gp_forms"), second.derive(3, "gp_forms"));
    const MasterKey copy = first;
    EXPECT_EQ(copy.derive(1, "gp_phone"), second.derive(1, "gp_phone"));
}

TEST_F(KeyFileTest, DeriveSeparatesIdsContextsAndMasterKeys) {
    MasterKey::create(dir_ / "a.key");
    MasterKey::create(dir_ / "b.key");
    const auto a = MasterKey::load(dir_ / "a.key");
    const auto b = MasterKey::load(dir_ / "b.key");
    const auto base = a.derive(1, "gp_phone");
    EXPECT_NE(base, a.derive(2, "gp_phone"));
    EXPECT_NE(base, a.derive(1, "gp_forms"));
    EXPECT_NE(base, a.derive(1, "gp_phonf"));
    EXPECT_NE(base, b.derive(1, "gp_phone"));
    EXPECT_NE(base, MasterKey::Key{});
}

TEST_F(KeyFileTest, DeriveRejectsAContextThatIsNotEightCharacters) {
    MasterKey::create(dir_ / "master.key");
    const auto key = MasterKey::load(dir_ / "master.key");
    EXPECT_THROW(key.derive(1, ""), std::logic_error);
    EXPECT_THROW(key.derive(1, "gp_phon"), std::logic_error);
    EXPECT_THROW(key.derive(1, "gp_phone1"), std::logic_error);
    EXPECT_NO_THROW(key.derive(1, "gp_phone"));
}

}  // namespace
}  // namespace gp::security
