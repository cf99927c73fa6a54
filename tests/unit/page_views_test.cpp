#include <gtest/gtest.h>

#include <kainjow/mustache.hpp>
#include <string>

#include "content/pagination.hpp"
#include "render/views/listing_views.hpp"
#include "render/views/message_views.hpp"
#include "render/views/page_frame.hpp"
#include "render/views/search_view.hpp"

namespace gp::render {
namespace {

std::string render(const std::string& text, const Data& data) {
    kainjow::mustache::mustache t{text};
    return t.render(data);
}

TEST(PageViews, AnUnsetOptionalOpensNoSection) {
    // Mustache opens {{#key}} for an empty string, so "no logo" must be an absent key.
    FrameView frame;
    const std::string tpl =
        "{{#logo_url}}<img>{{/logo_url}}{{^logo_url}}盾{{/logo_url}}"
        "{{#analytics_script}}<script>{{/analytics_script}}"
        "{{#on_callback_page}}form{{/on_callback_page}}";
    EXPECT_EQ(render(tpl, to_data(frame)), "盾");
    frame.logo_url = "/media/logo.png";
    frame.analytics_script = "https://stats.example.cn/a.js";
    frame.on_callback_page = true;
    EXPECT_EQ(render(tpl, to_data(frame)), "<img><script>form");
}

TEST(PageViews, TheFooterShowsOnlyTheFilingNumbersThatAreSet) {
    FrameView frame;
    frame.icp_record = "京ICP备2024000001号";
    const std::string tpl =
        "{{#has_icp}}{{icp_record}}{{/has_icp}}|{{#has_police}}P{{/has_police}}"
        "|{{#has_hotline}}H{{/has_hotline}}";
    EXPECT_EQ(render(tpl, to_data(frame)), "京ICP备2024000001号||");
}

TEST(PageViews, TheHeadLeavesOutWhatThePageHasNot) {
    HeadView head;
    head.canonical = "https://dengbao.example.cn/news/";
    Data d;
    add_to(d, head);
    const std::string tpl =
        "{{canonical}}|{{og_type}}|{{rss_url}}|{{#head_prev}}prev{{/head_prev}}"
        "{{#meta_description}}desc{{/meta_description}}";
    EXPECT_EQ(render(tpl, d), "https://dengbao.example.cn/news/|website|/rss.xml|");
}

TEST(PageViews, ThePagerShowsAWindowOfThreeEachSideOfTheCurrentPage) {
    const auto p = content::paginate(6, 10, 200);  // 20 pages
    ASSERT_TRUE(p);
    const auto pager =
        pager_view(*p, [](std::int64_t n) { return "/news/?page=" + std::to_string(n); });
    ASSERT_EQ(pager.numbers.size(), 7u);
    EXPECT_EQ(pager.numbers.front().number, "3");
    EXPECT_EQ(pager.numbers.back().number, "9");
    EXPECT_TRUE(pager.numbers[3].current);
    EXPECT_EQ(pager.last_url, "/news/?page=20");
    EXPECT_TRUE(pager.several);
    EXPECT_TRUE(pager.has_prev);
}

TEST(PageViews, TheCallbackFormMarksTheFieldThatWasWrong) {
    CallbackFormView view;
    view.phone = "12345";
    view.error = FieldErrorView{"请输入正确的手机号码或带区号的座机号码。", "phone"};
    Data d;
    add_to(d, view);
    const std::string tpl =
        "{{#error_phone}}invalid:{{/error_phone}}{{#error_consent}}consent{{/error_consent}}"
        "{{phone}}|{{error}}";
    EXPECT_EQ(render(tpl, d), "invalid:12345|请输入正确的手机号码或带区号的座机号码。");
}

TEST(PageViews, ASearchThatDidNotRunShowsNoResultCount) {
    SearchView view;
    view.query = "";
    view.message = "请输入要搜索的词语。";
    Data d;
    add_to(d, view);
    const std::string tpl =
        "{{#message}}{{message}}{{/message}}{{#no_results}}none{{/no_results}}"
        "{{#has_results}}some{{/has_results}}";
    EXPECT_EQ(render(tpl, d), "请输入要搜索的词语。");
    view.message.reset();
    view.results.emplace();
    Data ran;
    add_to(ran, view);
    EXPECT_EQ(render(tpl, ran), "none");
}

TEST(PageViews, AnErrorPageAsksForTheRequestIdOnlyWhenTheFaultIsOurs) {
    const std::string tpl = "{{status}}{{#is_server_error}} {{request_id}}{{/is_server_error}}";
    Data missing;
    add_to(missing, ErrorView{404, "没有找到这个栏目。", "r-1"});
    EXPECT_EQ(render(tpl, missing), "404");
    Data broken;
    add_to(broken, ErrorView{503, "服务暂时不可用。", "r-2"});
    EXPECT_EQ(render(tpl, broken), "503 r-2");
}

}  // namespace
}  // namespace gp::render
