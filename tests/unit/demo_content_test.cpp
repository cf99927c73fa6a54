#include "demo_site/demo_content.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include "demo_site/demo_material.hpp"

namespace gp::demo {
namespace {

using nlohmann::json;
using namespace std::chrono;

// A fixed instant keeps failures reproducible; 10:17 Beijing time, mid-week.
const sys_seconds kNow = sys_days{2025y / June / 18} + 2h + 17min;

const json& site() {
    static const json s = make_demo_site(kNow);
    return s;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and out-of-range code points are not UTF-8.
        static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::size_t visible_length(std::string_view html) {
    std::size_t n = 0;
    bool in_tag = false;
    for (const char ch : html) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '<') in_tag = true;
        if (!in_tag && c != '\n' && (c & 0xC0) != 0x80) ++n;
        if (c == '>') in_tag = false;
    }
    return n;
}

/// Parses our own "YYYY-MM-DDTHH:MM:SS+08:00" output; nullopt for anything else.
std::optional<sys_seconds> parse_beijing(const std::string& s) {
    static const std::regex kPattern(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\+08:00$)");
    std::smatch m;
    if (!std::regex_match(s, m, kPattern)) return std::nullopt;
    const year_month_day ymd{year{std::stoi(m[1])}, month{static_cast<unsigned>(std::stoi(m[2]))},
                             day{static_cast<unsigned>(std::stoi(m[3]))}};
    if (!ymd.ok()) return std::nullopt;
    const int h = std::stoi(m[4]);
    const int min = std::stoi(m[5]);
    const int sec = std::stoi(m[6]);
    if (h > 23 || min > 59 || sec > 59) return std::nullopt;
    return sys_days{ymd} + hours{h} + minutes{min} + seconds{sec} - hours{8};
}

void expect_strings_utf8(const json& j) {
    if (j.is_string()) {
        EXPECT_TRUE(valid_utf8(j.get_ref<const std::string&>())) << "invalid UTF-8";
    } else if (j.is_structured()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (j.is_object()) {
                EXPECT_TRUE(valid_utf8(it.key()));
            }
            expect_strings_utf8(*it);
        }
    }
}

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.insert(it.key());
    return keys;
}

TEST(DemoContent, TopLevelHasOnlyCategoriesAndArticles) {
    ASSERT_TRUE(site().is_object());
    EXPECT_EQ(keys_of(site()), (std::set<std::string>{"categories", "articles"}));
    EXPECT_TRUE(site()["categories"].is_array());
    EXPECT_TRUE(site()["articles"].is_array());
}

TEST(DemoContent, CategoriesHaveExactFieldsUniqueSlugsAndParentsFirst) {
    const std::set<std::string> expected{"slug", "name", "parent", "subtitle"};
    const std::regex slug_pattern("^[a-z0-9-]+$");
    std::set<std::string> seen;
    std::map<std::string, std::string> parent_of;
    for (const json& c : site()["categories"]) {
        ASSERT_TRUE(c.is_object());
        EXPECT_EQ(keys_of(c), expected);
        const std::string slug = c["slug"];
        EXPECT_TRUE(std::regex_match(slug, slug_pattern)) << slug;
        EXPECT_TRUE(seen.insert(slug).second) << "duplicate slug " << slug;
        EXPECT_FALSE(c["name"].get<std::string>().empty());
        EXPECT_FALSE(c["subtitle"].get<std::string>().empty());
        if (!c["parent"].is_null()) {
            const std::string parent = c["parent"];
            EXPECT_TRUE(seen.contains(parent)) << slug << " listed before its parent " << parent;
            parent_of[slug] = parent;
        }
    }
    // The nav needs two sections, and the news tree must reach three levels.
    EXPECT_TRUE(seen.contains("news"));
    EXPECT_TRUE(seen.contains("services"));
    for (const char* child : {"policy", "knowledge", "industry", "cases", "faq"}) {
        EXPECT_EQ(parent_of[child], "news") << child;
    }
    EXPECT_EQ(parent_of["national"], "policy");
    EXPECT_EQ(parent_of["local"], "policy");
    EXPECT_EQ(parent_of["grading"], "services");
    EXPECT_EQ(parent_of["assessment"], "services");
}

TEST(DemoContent, ArticlesHaveExactlyTheImportFields) {
    const std::set<std::string> expected{"title",  "category",   "published_at", "keywords",
                                         "source", "source_url", "summary",      "body_html",
                                         "views",  "status"};
    for (const json& a : site()["articles"]) {
        ASSERT_TRUE(a.is_object());
        EXPECT_EQ(keys_of(a), expected) << a.value("title", "?");
        EXPECT_TRUE(a["title"].is_string());
        EXPECT_TRUE(a["category"].is_string());
        EXPECT_TRUE(a["published_at"].is_string());
        EXPECT_TRUE(a["keywords"].is_array());
        EXPECT_TRUE(a["source"].is_string());
        EXPECT_TRUE(a["source_url"].is_null() || a["source_url"].is_string());
        EXPECT_TRUE(a["summary"].is_null() || a["summary"].is_string());
        EXPECT_TRUE(a["body_html"].is_string());
        EXPECT_TRUE(a["views"].is_number_integer());
        EXPECT_TRUE(a["status"].is_string());
    }
}

TEST(DemoContent, CountsOfPublishedDraftAndScheduled) {
    int past = 0;
    int drafts = 0;
    int scheduled = 0;
    for (const json& a : site()["articles"]) {
        const std::string status = a["status"];
        ASSERT_TRUE(status == "draft" || status == "published") << status;
        const auto at = parse_beijing(a["published_at"]);
        ASSERT_TRUE(at.has_value());
        if (status == "draft") {
            ++drafts;
        } else if (*at > kNow) {
            ++scheduled;
            EXPECT_GE(*at - kNow, days{1});
            EXPECT_LE(*at - kNow, days{30});
            EXPECT_EQ(a["views"], 0);
        } else {
            ++past;
            EXPECT_LE(kNow - *at, days{731});
        }
    }
    EXPECT_GE(past, 720);
    EXPECT_EQ(drafts, 12);
    EXPECT_EQ(scheduled, 6);
}

TEST(DemoContent, CategoriesAreUnevenAndOneIsNearlyEmpty) {
    std::set<std::string> slugs;
    for (const json& c : site()["categories"]) slugs.insert(c["slug"].get<std::string>());
    std::map<std::string, int> visible;
    for (const json& a : site()["articles"]) {
        const std::string category = a["category"];
        EXPECT_TRUE(slugs.contains(category)) << "unknown category " << category;
        if (a["status"] == "published" && *parse_beijing(a["published_at"]) <= kNow) {
            ++visible[category];
        }
    }
    EXPECT_GE(visible["industry"], 200);
    EXPECT_GE(visible["knowledge"], 120);
    EXPECT_GE(visible["policy"] + visible["national"] + visible["local"], 100);
    EXPECT_GE(visible["cases"], 80);
    EXPECT_GE(visible["faq"], 60);
    EXPECT_GE(visible["services"] + visible["grading"] + visible["assessment"], 15);
    const bool tiny = std::any_of(visible.begin(), visible.end(),
                                  [](const auto& kv) { return kv.second >= 2 && kv.second <= 3; });
    EXPECT_TRUE(tiny) << "no category with 2-3 articles to show prev/next ends";
}

TEST(DemoContent, TitlesAreUniqueAndShort) {
    std::set<std::string> titles;
    for (const json& a : site()["articles"]) {
        const std::string title = a["title"];
        EXPECT_FALSE(title.empty());
        EXPECT_LE(code_points(title), 200u) << title;
        EXPECT_TRUE(titles.insert(title).second) << "duplicate title " << title;
    }
}

TEST(DemoContent, PublishedAtIsBeijingRfc3339WithinWorkingHours) {
    const std::regex pattern(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$)");
    for (const json& a : site()["articles"]) {
        const std::string at = a["published_at"];
        ASSERT_TRUE(std::regex_match(at, pattern)) << at;
        ASSERT_TRUE(parse_beijing(at).has_value()) << at;
        const int hour = std::stoi(at.substr(11, 2));
        EXPECT_GE(hour, 8) << at;
        EXPECT_LT(hour, 21) << at;
    }
}

TEST(DemoContent, KeywordsComeFromTheFixedListOneToFourEach) {
    const auto list = material().keywords;
    EXPECT_GE(list.size(), 35u);
    std::map<std::string, int> uses;
    for (const json& a : site()["articles"]) {
        const json& keywords = a["keywords"];
        EXPECT_GE(keywords.size(), 1u);
        EXPECT_LE(keywords.size(), 4u);
        std::set<std::string> distinct;
        for (const json& k : keywords) {
            const std::string word = k;
            EXPECT_NE(std::find(list.begin(), list.end(), word), list.end()) << word;
            EXPECT_TRUE(distinct.insert(word).second) << "repeated keyword " << word;
            ++uses[word];
        }
    }
    // Keyword pages should list several articles, not one each.
    const auto popular =
        std::count_if(uses.begin(), uses.end(), [](const auto& kv) { return kv.second >= 5; });
    EXPECT_GE(popular, 30);
}

TEST(DemoContent, BodiesAreStructuredAndOfReasonableLength) {
    int with_table = 0;
    int with_list = 0;
    const auto& articles = site()["articles"];
    for (const json& a : articles) {
        const std::string body = a["body_html"];
        EXPECT_NE(body.find("<h2>一、"), std::string::npos) << a["title"];
        EXPECT_NE(body.find("<h2>二、"), std::string::npos) << a["title"];
        EXPECT_NE(body.find("<p>"), std::string::npos) << a["title"];
        const std::size_t length = visible_length(body);
        EXPECT_GE(length, 800u) << a["title"];
        EXPECT_LE(length, 2500u) << a["title"];
        if (body.find("<table>") != std::string::npos) {
            ++with_table;
            EXPECT_NE(body.find("<thead>"), std::string::npos);
        }
        if (body.find("<ul>") != std::string::npos || body.find("<ol>") != std::string::npos) {
            ++with_list;
        }
    }
    const auto n = static_cast<int>(articles.size());
    EXPECT_GE(with_table * 100, n * 10);
    EXPECT_LE(with_table * 100, n * 35);
    EXPECT_GE(with_list * 2, n);
}

TEST(DemoContent, CasesAndFaqHaveTheirOwnShape) {
    for (const json& a : site()["articles"]) {
        const std::string body = a["body_html"];
        if (a["category"] == "cases") {
            for (const char* part : {"项目背景", "测评过程", "整改建议", "测评结论"}) {
                EXPECT_NE(body.find(part), std::string::npos) << a["title"] << " lacks " << part;
            }
        } else if (a["category"] == "faq") {
            EXPECT_NE(body.find("问："), std::string::npos) << a["title"];
            EXPECT_NE(body.find("答："), std::string::npos) << a["title"];
        }
    }
}

TEST(DemoContent, SourcesSummariesAndViewsLookRealistic) {
    const std::regex url_pattern(R"(^https://[a-z0-9.-]+\.example/[A-Za-z0-9/._-]*$)");
    int own = 0;
    int with_summary = 0;
    int with_url = 0;
    std::set<std::string> sources;
    const auto& articles = site()["articles"];
    for (const json& a : articles) {
        const std::string source = a["source"];
        EXPECT_FALSE(source.empty());
        sources.insert(source);
        own += source == "本站原创" ? 1 : 0;
        if (a["source_url"].is_string()) {
            ++with_url;
            EXPECT_TRUE(std::regex_match(a["source_url"].get<std::string>(), url_pattern))
                << a["source_url"];
        }
        if (a["summary"].is_string()) {
            ++with_summary;
            EXPECT_FALSE(a["summary"].get<std::string>().empty());
        }
        const auto views = a["views"].get<std::int64_t>();
        EXPECT_GE(views, 0);
        EXPECT_LE(views, 20000);
        if (a["status"] == "draft") {
            EXPECT_EQ(views, 0);
        }
    }
    const auto n = static_cast<int>(articles.size());
    EXPECT_GE(sources.size(), 10u);
    EXPECT_GE(own * 100, n * 50);
    EXPECT_LE(own * 100, n * 70);
    EXPECT_GE(with_summary * 100, n * 5);
    EXPECT_LE(with_summary * 100, n * 20);
    EXPECT_LT(with_url * 2, n);
}

TEST(DemoContent, AllStringsAreValidUtf8) { expect_strings_utf8(site()); }

TEST(DemoContent, DeterministicForSameInputsAndSeedMatters) {
    EXPECT_EQ(make_demo_site(kNow), site());
    EXPECT_NE(make_demo_site(kNow, 7), site());
}

TEST(DemoContent, DatesFollowNow) {
    const sys_seconds later = kNow + days{100};
    const json moved = make_demo_site(later);
    for (const json& a : moved["articles"]) {
        if (a["status"] != "published") continue;
        const auto at = parse_beijing(a["published_at"]);
        ASSERT_TRUE(at.has_value());
        EXPECT_GT(*at, later - days{735});
    }
}

// demo/site/ is what the generator writes (tools/demo_site/main.cpp): the tests above check the
// committed fixture site, and a generator change must come with the regenerated document.
TEST(DemoContent, CommittedSiteIsTheGeneratorsOutput) {
    std::ifstream in(GP_SOURCE_DIR "/demo/site/content.json", std::ios::binary);
    ASSERT_TRUE(in) << "demo/site/content.json is missing";
    EXPECT_EQ(json::parse(in), site()) << "run `build/gp_demo_site demo/site` and commit it";
    std::ifstream dated(GP_SOURCE_DIR "/demo/site/dated_at.txt");
    std::string line;
    std::getline(dated, line);
    EXPECT_EQ(line, "2025-06-18T10:17:00+08:00");
}

TEST(DemoMaterial, SentencePoolIsLargeEnough) { EXPECT_GE(sentence_pool_size(), 120u); }

}  // namespace
}  // namespace gp::demo
