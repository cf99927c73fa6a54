#include "render/template_hierarchy.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "render/renderer.hpp"

namespace gp::render {
namespace {

using Names = std::vector<std::string>;

TEST(TemplateHierarchy, AnEntryTriesItsCategoryFirst) {
    EXPECT_EQ(entry_templates("article", "policy"), (Names{"article-policy", "article"}));
    EXPECT_EQ(entry_templates("category", "news"), (Names{"category-news", "category"}));
    // An article whose category is gone still renders, with the plain template.
    EXPECT_EQ(entry_templates("article", ""), (Names{"article"}));
}

TEST(TemplateHierarchy, AnErrorTriesItsStatusThenItsFamily) {
    EXPECT_EQ(error_templates(404), (Names{"error-404", "error-4xx", "error"}));
    EXPECT_EQ(error_templates(503), (Names{"error-503", "error-5xx", "error"}));
}

// A theme folder with only the templates a test writes into it.
class Theme : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("gp-theme-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        write("layout", "[{{{content}}}]");
        write("error", "error");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / (name + ".mustache")) << text;
    }
    std::string page(const Names& names) const { return Renderer(dir_).render_page(names, Data{}); }
    std::filesystem::path dir_;
};

TEST_F(Theme, TheFirstTemplateThatExistsWins) {
    write("article", "article");
    write("article-policy", "policy article");
    EXPECT_EQ(page(entry_templates("article", "policy")), "[policy article]");
    EXPECT_EQ(page(entry_templates("article", "news")), "[article]");
}

TEST_F(Theme, AnErrorFallsBackToItsFamilyThenToError) {
    write("error-4xx", "client error");
    EXPECT_EQ(page(error_templates(404)), "[client error]");
    EXPECT_EQ(page(error_templates(500)), "[error]");
    write("error-404", "not found");
    EXPECT_EQ(page(error_templates(404)), "[not found]");
}

TEST_F(Theme, APageWithNoTemplateIsAProgrammingError) {
    EXPECT_THROW(page({"no-such-page"}), std::logic_error);
}

}  // namespace
}  // namespace gp::render
