#include "demo_site/demo_content.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "demo_site/demo_material.hpp"

namespace gp::demo {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

// The portal's readers are in China; every date the demo shows is Beijing time.
constexpr hours kBeijingOffset{8};
constexpr std::uint32_t kHistoryDays = 730;
constexpr std::size_t kMinBodyChars = 850;
constexpr std::size_t kMaxBodyChars = 2500;
// Room kept free before starting another paragraph, so a body never overshoots kMaxBodyChars.
constexpr std::size_t kParagraphRoom = 180;

class Rng {
public:
    explicit Rng(std::uint32_t seed) : engine_(seed) {}

    /// Uniform in [0, n). Multiply-shift rather than std::uniform_int_distribution, whose
    /// algorithm differs between standard libraries and would make the demo platform-dependent.
    std::uint32_t below(std::size_t n) {
        return static_cast<std::uint32_t>((std::uint64_t{next()} * n) >> 32);
    }
    int between(int lo, int hi) { return lo + static_cast<int>(below(hi - lo + 1)); }
    double unit() { return next() / 4294967296.0; }
    bool chance(double p) { return unit() < p; }

    template <class T>
    const T& pick(std::span<const T> items) {
        return items[below(items.size())];
    }

    /// k of n indices in ascending order (selection sampling), so ordered lists stay ordered.
    std::vector<std::size_t> sample(std::size_t n, std::size_t k) {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < n && out.size() < k; ++i) {
            if (below(n - i) < k - out.size()) out.push_back(i);
        }
        return out;
    }

private:
    std::uint32_t next() { return static_cast<std::uint32_t>(engine_()); }

    std::mt19937 engine_;
};

enum class Flavour { section, policy, national, local, industry, knowledge, cases, faq, service };

struct CategorySpec {
    std::string_view slug;
    std::string_view name;
    std::string_view parent;
    std::string_view subtitle;
    Flavour flavour;
    /// Past published articles; service categories take theirs from Material::service_articles.
    int published;
};

// Parents before children, as the importer requires. `grading` is deliberately tiny so the
// prev/next links at both ends of a category are easy to reach in the demo.
constexpr CategorySpec kCategories[] = {
    {"news", "等保资讯", "", "了解最新等保资讯及等保政策", Flavour::section, 0},
    {"policy", "等保政策", "news", "汇集国家与地方等级保护政策文件及解读", Flavour::policy, 24},
    {"national", "国家政策", "policy", "国家层面等级保护法规、标准与政策动态", Flavour::national,
     62},
    {"local", "地方政策", "policy", "各地网信、公安机关等保工作部署与通报", Flavour::local, 36},
    {"knowledge", "等保知识", "news", "定级、备案、测评、整改全流程知识讲解", Flavour::knowledge,
     150},
    {"industry", "行业动态", "news", "各行业网络安全等级保护动态与观察", Flavour::industry, 250},
    {"cases", "测评案例", "news", "典型行业的等级测评与整改案例", Flavour::cases, 100},
    {"faq", "常见问题", "news", "等保工作中的高频问题与解答", Flavour::faq, 80},
    {"services", "测评服务", "", "从定级备案到等级测评，提供一站式等保合规服务", Flavour::service,
     0},
    {"grading", "定级备案", "services", "协助完成定级报告编写、专家评审与公安备案",
     Flavour::service, 0},
    {"assessment", "等级测评", "services", "差距分析、测评陪跑与整改加固，助力顺利通过测评",
     Flavour::service, 0},
};

constexpr std::string_view kDraftCategories[] = {
    "knowledge", "industry",  "national", "cases",    "faq",   "industry",
    "local",     "knowledge", "policy",   "industry", "cases", "faq",
};
constexpr std::string_view kScheduledCategories[] = {"industry", "knowledge", "national",
                                                     "faq",      "cases",     "local"};

constexpr std::string_view kNewsKeywords[] = {"等级保护", "网络安全法", "等保2.0"};
constexpr std::string_view kIndustryKeywords[] = {"网络安全", "等级保护", "攻防演练"};
constexpr std::string_view kKnowledgeKeywords[] = {"等保2.0", "等级保护", "等级测评"};
constexpr std::string_view kCaseKeywords[] = {"等级测评", "安全整改", "渗透测试", "风险评估"};
constexpr std::string_view kFaqKeywords[] = {"等级保护", "定级备案", "等级测评"};
constexpr std::string_view kServiceKeywords[] = {"等级测评", "定级备案", "安全建设", "测评机构"};

constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五",
                                          "六", "七", "八", "九", "十"};

// ---- Time ---------------------------------------------------------------------------------

sys_days beijing_day(sys_seconds t) { return std::chrono::floor<days>(t + kBeijingOffset); }

sys_seconds at_beijing(sys_days day, minutes time_of_day) {
    return sys_seconds{day} + time_of_day - kBeijingOffset;
}

/// Editors post during the working day, on the minute.
minutes working_time(Rng& rng) { return minutes{8 * 60 + rng.below(13 * 60)}; }

std::string rfc3339(sys_seconds t) {
    const auto local = t + kBeijingOffset;
    const auto day = std::chrono::floor<days>(local);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{local - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+08:00",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

sys_seconds past_time(Rng& rng, sys_seconds now) {
    // The smaller of two uniform ages: density falls linearly with age, so recent months are
    // busier, as on a site whose editors have been posting more and more.
    const std::uint32_t a = rng.below(kHistoryDays);
    const std::uint32_t b = rng.below(kHistoryDays);
    sys_days day = beijing_day(now) - days{std::min(a, b)};
    const std::chrono::weekday wd{day};
    if ((wd == std::chrono::Saturday || wd == std::chrono::Sunday) && rng.chance(0.7)) {
        day -= days{wd == std::chrono::Saturday ? 1 : 2};
    }
    sys_seconds at = at_beijing(day, working_time(rng));
    if (at > now) at -= days{1};  // today's slot is still ahead of `now`
    return at;
}

sys_seconds scheduled_time(Rng& rng, sys_seconds now) {
    // From day 2 to day 29 at working hours, so it is at least a day and under 30 days ahead.
    const sys_days day = beijing_day(now) + days{rng.between(2, 29)};
    return at_beijing(day, working_time(rng));
}

sys_seconds draft_time(Rng& rng, sys_seconds now) {
    const sys_days day = beijing_day(now) - days{rng.below(60)};
    return at_beijing(day, working_time(rng));
}

// ---- Text ---------------------------------------------------------------------------------

/// Characters a reader sees: UTF-8 code points outside tags.
std::size_t visible_length(std::string_view html) {
    std::size_t n = 0;
    bool in_tag = false;
    for (const char ch : html) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '<') in_tag = true;
        if (!in_tag && (c & 0xC0) != 0x80) ++n;
        if (c == '>') in_tag = false;
    }
    return n;
}

struct Ctx {
    const Sector* sector = nullptr;
    const Subject* subject = nullptr;
    const Control* control = nullptr;
    std::string_view client;
    std::string org;
    std::string_view level;
    std::string_view concept_name;
    int year = 0;
    unsigned month = 0;
    int issue = 0;

    std::string_view subject_keyword() const {
        return subject->keyword.empty() ? sector->keyword : subject->keyword;
    }
};

std::string fill(std::string_view pattern, const Ctx& ctx) {
    std::string out;
    out.reserve(pattern.size() + 32);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{' || i + 2 >= pattern.size() || pattern[i + 2] != '}') {
            out += pattern[i];
            continue;
        }
        switch (pattern[i + 1]) {
            case 'S':
                out += ctx.subject->name;
                break;
            case 'T':
                out += ctx.sector->name;
                break;
            case 'C':
                out += ctx.client;
                break;
            case 'O':
                out += ctx.org;
                break;
            case 'K':
                out += ctx.control->name;
                break;
            case 'L':
                out += ctx.level;
                break;
            case 'X':
                out += ctx.concept_name;
                break;
            case 'Y':
                out += std::to_string(ctx.year);
                break;
            case 'M':
                out += std::to_string(ctx.month);
                break;
            case 'N':
                out += std::to_string(ctx.issue);
                break;
            default:
                out.append(pattern.substr(i, 3));
                break;
        }
        i += 2;
    }
    return out;
}

const TopicText& topic_text(Topic topic) {
    return material().topics[static_cast<std::size_t>(topic)];
}

Ctx make_ctx(Rng& rng, Flavour flavour, sys_seconds at) {
    const Material& m = material();
    Ctx ctx;
    ctx.sector = &rng.pick(m.sectors);
    ctx.client = rng.pick(ctx.sector->clients);
    const bool sector_subject = flavour == Flavour::industry || flavour == Flavour::cases;
    ctx.subject = sector_subject ? &rng.pick(ctx.sector->subjects) : &rng.pick(m.generic_subjects);
    ctx.control = &rng.pick(m.controls);
    if (flavour == Flavour::policy || flavour == Flavour::national) {
        ctx.org = rng.pick(m.national_orgs);
    } else if (rng.chance(0.6)) {
        ctx.org = rng.pick(m.provinces);
        ctx.org += rng.pick(m.province_orgs);
    } else {
        ctx.org = rng.pick(m.cities);
        ctx.org += rng.pick(m.city_orgs);
    }
    ctx.level = rng.chance(0.7) ? "三" : "二";
    ctx.concept_name = rng.pick(m.concepts);
    const std::chrono::year_month_day ymd{beijing_day(at)};
    ctx.year = static_cast<int>(ymd.year());
    ctx.month = static_cast<unsigned>(ymd.month());
    return ctx;
}

/// Rejects pairings that would read as nonsense, such as "云计算平台上云后" or "扩展要求要求".
bool reads_well(std::string_view pattern, const Ctx& ctx, Flavour flavour) {
    const auto has = [&](std::string_view s) { return pattern.find(s) != std::string_view::npos; };
    const std::string_view subject = ctx.subject->name;
    if (has("上云") && (subject.find("云") != std::string_view::npos ||
                        subject.find("数据中心") != std::string_view::npos)) {
        return false;
    }
    // Extension requirements only make sense as a topic of their own, in explainers.
    const bool extension = ctx.control->name.ends_with("要求");
    return !(has("{K}") && extension && (has("{K}要求") || flavour != Flavour::knowledge));
}

// ---- Body ---------------------------------------------------------------------------------

class BodyWriter {
public:
    BodyWriter(Rng& rng, const Ctx& ctx) : rng_(rng), ctx_(&ctx) {}

    void use_ctx(const Ctx& ctx) { ctx_ = &ctx; }
    std::size_t length() const { return chars_; }
    std::size_t section_length() const { return chars_ - section_start_; }
    bool has_room() const { return chars_ + kParagraphRoom < kMaxBodyChars; }

    void heading(std::string_view pattern) {
        std::string text{kNumerals[section_ % std::size(kNumerals)]};
        text += "、";
        text += fill(pattern, *ctx_);
        emit("<h2>" + text + "</h2>\n");
        ++section_;
        section_start_ = chars_;
    }

    /// One sentence, preferring the first pool; never repeats a sentence within the body. With
    /// `loose`, an exhausted set of pools falls back to any topic rather than returning "".
    std::string draw(std::initializer_list<Pool> pools, bool loose = true) {
        const Pool* list = pools.begin();
        std::size_t first = 0;
        if (pools.size() > 1 && rng_.chance(0.35)) first = 1 + rng_.below(pools.size() - 1);
        if (auto s = draw_unused(list[first])) return fill(*s, *ctx_);
        for (const Pool pool : pools) {
            if (auto s = draw_unused(pool)) return fill(*s, *ctx_);
        }
        if (!loose) return {};
        // Only reached by long bodies on narrow topics; any MLPS sentence still fits there.
        const auto topics = material().topics;
        const std::size_t start = rng_.below(topics.size());
        for (std::size_t i = 0; i < topics.size(); ++i) {
            if (auto s = draw_unused(topics[(start + i) % topics.size()].sentences)) {
                return fill(*s, *ctx_);
            }
        }
        return {};
    }

    bool paragraph(std::initializer_list<Pool> pools, int sentences, bool loose = true) {
        std::vector<std::string> parts;
        for (int i = 0; i < sentences; ++i) {
            std::string s = draw(pools, loose);
            if (s.empty()) break;
            parts.push_back(std::move(s));
        }
        return emit_paragraph(parts);
    }

    bool emit_paragraph(std::vector<std::string>& parts, std::string_view lead = {}) {
        if (parts.empty()) return false;
        // Emphasis is worth something only when it is rare.
        if (parts.size() >= 2 && strong_left_ > 0 && rng_.chance(0.12)) {
            std::string& s = parts[rng_.below(parts.size())];
            s = "<strong>" + s + "</strong>";
            --strong_left_;
        }
        std::string html = "<p>";
        html += lead;
        for (const std::string& s : parts) html += s;
        html += "</p>\n";
        emit(html);
        return true;
    }

    /// Adds paragraphs until the section reaches `budget` and the body `min_total`. Stops early
    /// when `pools` run dry unless `loose`, so a section does not drift off its subject.
    void fill_section(std::initializer_list<Pool> pools, std::size_t budget,
                      std::size_t min_total = 0, bool loose = false) {
        while ((section_length() < budget || chars_ < min_total) && has_room()) {
            if (!paragraph(pools, rng_.between(2, 4), loose)) break;
        }
    }

    void list(Pool items, int min, int max, bool ordered) {
        const int size = static_cast<int>(items.size());
        const int count = rng_.between(std::min(min, size), std::min(max, size));
        std::string html = ordered ? "<ol>\n" : "<ul>\n";
        for (const std::size_t i : rng_.sample(items.size(), static_cast<std::size_t>(count))) {
            html += "<li>" + fill(items[i], *ctx_) + "</li>\n";
        }
        html += ordered ? "</ol>\n" : "</ul>\n";
        emit(html);
    }

    void requirement_table(int rows) {
        const auto all = material().requirement_rows;
        std::string html =
            "<table>\n<thead><tr><th>测评项</th><th>要求</th><th>整改建议</th></tr></thead>\n"
            "<tbody>\n";
        for (const std::size_t i : rng_.sample(all.size(), static_cast<std::size_t>(rows))) {
            html += "<tr><td>" + std::string{all[i].item} + "</td><td>" +
                    std::string{all[i].requirement} + "</td><td>" + std::string{all[i].advice} +
                    "</td></tr>\n";
        }
        html += "</tbody>\n</table>\n";
        emit(html);
    }

    void finding_table(int rows) {
        const auto all = material().findings;
        std::string html =
            "<table>\n<thead><tr><th>控制点</th><th>发现问题</th><th>风险等级</th></tr></thead>\n"
            "<tbody>\n";
        for (const std::size_t i : rng_.sample(all.size(), static_cast<std::size_t>(rows))) {
            html += "<tr><td>" + std::string{all[i].control} + "</td><td>" +
                    std::string{all[i].issue} + "</td><td>" + std::string{all[i].risk} +
                    "</td></tr>\n";
        }
        html += "</tbody>\n</table>\n";
        emit(html);
    }

    std::string take() { return std::move(html_); }

private:
    std::optional<std::string_view> draw_unused(Pool pool) {
        std::size_t free = 0;
        for (const std::string_view s : pool) free += used_.contains(s.data()) ? 0 : 1;
        if (free == 0) return std::nullopt;
        std::size_t k = rng_.below(free);
        for (const std::string_view s : pool) {
            if (used_.contains(s.data())) continue;
            if (k-- == 0) {
                used_.insert(s.data());
                return s;
            }
        }
        return std::nullopt;
    }

    void emit(const std::string& html) {
        html_ += html;
        chars_ += visible_length(html);
    }

    Rng& rng_;
    const Ctx* ctx_;
    std::string html_;
    std::size_t chars_ = 0;
    std::size_t section_start_ = 0;
    std::size_t section_ = 0;
    int strong_left_ = 1;
    std::unordered_set<const char*> used_;
};

/// Body length to aim for; the sum of two uniforms keeps most articles mid-length.
std::size_t body_target(Rng& rng) {
    const std::uint32_t a = rng.below(650);
    const std::uint32_t b = rng.below(650);
    return 900 + a + b;
}

void write_news(BodyWriter& w, Rng& rng, Topic topic, bool industry) {
    const Material& m = material();
    const TopicText& t = topic_text(topic);
    const Pool general = topic_text(Topic::general).sentences;
    const Pool openers = industry ? m.industry_openers : m.news_openers;
    const Pool background = industry ? m.industry_background : m.news_background;
    // Industry pieces report on the sector; policy pieces relay what the authority asked for.
    const Pool demands = industry ? m.common_problems : m.news_requirements;
    const std::size_t target = body_target(rng);
    const bool analysis = rng.chance(0.6);
    const std::size_t per = target / (analysis ? 4 : 3);

    w.heading(rng.pick(industry ? m.industry_headings_background : m.news_headings_background));
    std::vector<std::string> first{w.draw({openers})};
    const int more = rng.between(1, 2);
    for (int i = 0; i < more; ++i) first.push_back(w.draw({background}));
    w.emit_paragraph(first);
    w.fill_section({background, t.sentences}, per * 3 / 4);

    w.heading(rng.pick(industry ? m.industry_headings_content : m.news_headings_content));
    w.paragraph({t.sentences, demands}, rng.between(2, 3));
    if (rng.chance(0.7)) {
        const Pool items = rng.chance(0.5) ? t.list_items : topic_text(Topic::general).list_items;
        const bool ordered = rng.chance(0.3);
        w.list(items, 3, 6, ordered);
    }
    w.fill_section({t.sentences, demands}, per, analysis ? 0 : kMinBodyChars - 60);

    if (analysis) {
        w.heading(rng.pick(m.news_headings_analysis));
        w.paragraph({t.sentences, general}, rng.between(2, 3));
        if (rng.chance(0.15)) w.requirement_table(rng.between(3, 5));
        w.fill_section({t.sentences, general, demands}, per, kMinBodyChars - 60);
    }

    w.heading(rng.pick(m.news_headings_closing));
    w.paragraph({m.news_closing}, rng.between(2, 3));
    w.fill_section({m.news_closing, general}, 0, kMinBodyChars, true);
}

void write_knowledge(BodyWriter& w, Rng& rng, Topic topic, bool about_control) {
    const Material& m = material();
    const TopicText& t = topic_text(topic);
    const Pool general = topic_text(Topic::general).sentences;
    const Pool rectification = topic_text(Topic::rectification).sentences;
    const std::size_t target = body_target(rng);
    const std::size_t per = target / 5;

    w.heading(rng.pick(m.knowledge_headings_intro));
    w.paragraph({general, t.sentences}, rng.between(2, 3));
    w.fill_section({general, t.sentences}, per * 3 / 4);

    const bool control_heading = about_control && rng.chance(0.6);
    w.heading(control_heading ? rng.pick(m.knowledge_headings_control) : rng.pick(t.headings));
    w.paragraph({t.sentences}, rng.between(2, 4));
    if (rng.chance(0.7)) {
        const bool ordered = topic == Topic::grading || topic == Topic::assessment;
        w.list(t.list_items, 3, 6, ordered || rng.chance(0.3));
    }
    w.fill_section({t.sentences}, per);

    w.heading(rng.pick(m.knowledge_headings_problems));
    w.paragraph({m.common_problems, t.sentences}, rng.between(2, 3));
    // The requirement rows are technical and managerial controls; they say nothing about grading.
    const bool procedural = topic == Topic::grading || topic == Topic::filing;
    if (!procedural && rng.chance(0.45)) w.requirement_table(rng.between(3, 6));
    w.fill_section({m.common_problems, t.sentences}, per);

    w.heading(rng.pick(m.knowledge_headings_advice));
    w.paragraph({rectification, t.sentences}, rng.between(2, 3));
    w.fill_section({rectification, t.sentences}, per, kMinBodyChars - 60);

    w.heading(rng.pick(m.knowledge_headings_closing));
    w.paragraph({m.knowledge_closing, general}, 2);
    w.fill_section({m.knowledge_closing, general}, 0, kMinBodyChars, true);
}

void write_case(BodyWriter& w, Rng& rng, Topic topic) {
    const Material& m = material();
    const TopicText& t = topic_text(topic);
    const Pool assessment = topic_text(Topic::assessment).sentences;
    const Pool rectification = topic_text(Topic::rectification).sentences;
    const std::size_t target = body_target(rng);
    const std::size_t per = target / 5;

    w.heading("项目背景");
    std::vector<std::string> first{w.draw({m.case_openers})};
    const int more = rng.between(1, 2);
    for (int i = 0; i < more; ++i) first.push_back(w.draw({m.case_background}));
    w.emit_paragraph(first);
    w.fill_section({m.case_background}, per);

    w.heading("测评过程");
    w.paragraph({m.case_process}, rng.between(2, 3));
    if (rng.chance(0.6)) w.list(m.case_steps, 5, 8, true);
    w.fill_section({m.case_process, assessment}, per);

    w.heading(rng.pick(m.case_headings_problems));
    w.paragraph({m.case_process, m.common_problems}, rng.between(2, 3));
    if (rng.chance(0.5)) w.finding_table(rng.between(3, 6));
    w.fill_section({m.common_problems, t.sentences, m.case_process}, per);

    w.heading("整改建议");
    w.paragraph({m.case_advice}, rng.between(2, 3));
    if (rng.chance(0.4)) {
        const Pool items =
            rng.chance(0.5) ? t.list_items : topic_text(Topic::rectification).list_items;
        w.list(items, 3, 5, false);
    }
    w.fill_section({m.case_advice, rectification}, per, kMinBodyChars - 60);

    // Exactly one verdict per case, so the conclusion cannot contradict itself.
    w.heading("测评结论");
    std::vector<std::string> last{w.draw({m.case_results})};
    const int reflections = rng.between(1, 2);
    for (int i = 0; i < reflections; ++i) last.push_back(w.draw({m.case_reflections}));
    w.emit_paragraph(last);
    w.fill_section({m.case_reflections, rectification}, 0, kMinBodyChars, true);
}

/// A question other than `avoid`, with its own context and topic.
std::pair<std::string, Topic> faq_question(Rng& rng, Ctx& ctx, std::string_view avoid) {
    const auto templates = material().faq_titles;
    for (;;) {
        const TitleTemplate& tt = rng.pick(templates);
        std::string q = fill(tt.pattern, ctx);
        if (q == avoid || !reads_well(tt.pattern, ctx, Flavour::faq)) {
            ctx.control = &rng.pick(material().controls);
            continue;
        }
        const bool about_control = tt.pattern.find("{K}") != std::string_view::npos;
        return {std::move(q), about_control ? ctx.control->topic : tt.topic};
    }
}

void write_answer(BodyWriter& w, Rng& rng, Topic topic, std::size_t budget) {
    const Material& m = material();
    const TopicText& t = topic_text(topic);
    std::vector<std::string> first;
    if (rng.chance(0.5)) first.push_back(w.draw({m.faq_leads}));
    const int n = rng.between(2, 3);
    for (int i = 0; i < n; ++i) first.push_back(w.draw({t.sentences}));
    w.emit_paragraph(first, "<strong>答：</strong>");
    w.paragraph({t.sentences}, rng.between(2, 3));
    if (rng.chance(0.4)) w.list(t.list_items, 3, 5, false);
    w.fill_section({t.sentences, topic_text(Topic::general).sentences}, budget);
}

void write_faq(BodyWriter& w, Rng& rng, const Ctx& ctx, std::string_view title, Topic topic,
               bool digest, sys_seconds at) {
    const Material& m = material();
    const std::size_t target = body_target(rng);
    // Each extra question brings its own subject; they must outlive the writer's use of them.
    std::vector<Ctx> contexts;
    contexts.reserve(6);

    if (digest) {
        const int questions = rng.between(4, 5);
        for (int i = 0; i < questions; ++i) {
            contexts.push_back(make_ctx(rng, Flavour::faq, at));
            auto [q, q_topic] = faq_question(rng, contexts.back(), title);
            w.use_ctx(contexts.back());
            w.heading("问：" + q);
            write_answer(w, rng, q_topic, target / (questions + 1));
        }
    } else {
        w.heading("问：" + std::string{title});
        write_answer(w, rng, topic, target / 3);
        const int related = rng.between(1, 2);
        for (int i = 0; i < related; ++i) {
            contexts.push_back(make_ctx(rng, Flavour::faq, at));
            contexts.back().subject = ctx.subject;
            auto [q, q_topic] = faq_question(rng, contexts.back(), title);
            w.use_ctx(contexts.back());
            w.heading("延伸问题：" + q);
            write_answer(w, rng, q_topic, target / 4);
        }
    }
    w.use_ctx(ctx);
    w.fill_section({topic_text(topic).sentences}, 0, kMinBodyChars - 60);
    w.heading("温馨提示");
    w.paragraph({m.faq_tips}, rng.between(1, 2));
    w.fill_section({m.faq_tips, topic_text(Topic::general).sentences}, 0, kMinBodyChars, true);
}

void write_service(BodyWriter& w, Rng& rng, Topic topic) {
    const Material& m = material();
    const TopicText& t = topic_text(topic);
    const Pool general = topic_text(Topic::general).sentences;

    w.heading("服务概述");
    w.paragraph({m.service_sentences, t.sentences}, rng.between(2, 3));
    w.paragraph({t.sentences, general}, rng.between(2, 3));

    w.heading("服务内容");
    w.paragraph({m.service_sentences}, 2);
    w.list(m.service_items, 4, 7, false);

    w.heading("服务流程");
    w.list(m.service_steps, 5, 7, true);
    w.paragraph({m.service_sentences, t.sentences}, 2);

    w.heading("交付成果");
    w.list(m.service_deliverables, 3, 6, false);

    w.heading(rng.pick(m.service_headings_strengths));
    w.paragraph({m.service_sentences, general}, rng.between(2, 3));
    w.fill_section({m.service_sentences, t.sentences, general}, 0, kMinBodyChars - 60, true);

    w.heading("咨询方式");
    w.paragraph({m.service_closing}, 2);
}

// ---- Articles -----------------------------------------------------------------------------

enum class Kind { past, draft, scheduled };

struct Plan {
    std::size_t category;
    Kind kind;
    sys_seconds at;
    const ServiceArticle* service = nullptr;
};

std::span<const TitleTemplate> title_templates(Flavour flavour) {
    const Material& m = material();
    switch (flavour) {
        case Flavour::policy:
            return m.policy_titles;
        case Flavour::national:
            return m.national_titles;
        case Flavour::local:
            return m.local_titles;
        case Flavour::industry:
            return m.industry_titles;
        case Flavour::knowledge:
            return m.knowledge_titles;
        case Flavour::cases:
            return m.case_titles;
        case Flavour::faq:
            return m.faq_titles;
        case Flavour::section:
        case Flavour::service:
            break;
    }
    return {};
}

std::span<const std::string_view> default_keywords(Flavour flavour) {
    switch (flavour) {
        case Flavour::industry:
            return kIndustryKeywords;
        case Flavour::knowledge:
            return kKnowledgeKeywords;
        case Flavour::cases:
            return kCaseKeywords;
        case Flavour::faq:
            return kFaqKeywords;
        case Flavour::service:
            return kServiceKeywords;
        case Flavour::section:
        case Flavour::policy:
        case Flavour::national:
        case Flavour::local:
            break;
    }
    return kNewsKeywords;
}

Pool summaries(Flavour flavour) {
    const Material& m = material();
    switch (flavour) {
        case Flavour::industry:
            return m.industry_summaries;
        case Flavour::knowledge:
            return m.knowledge_summaries;
        case Flavour::cases:
            return m.case_summaries;
        case Flavour::faq:
            return m.faq_summaries;
        case Flavour::service:
            return m.service_summaries;
        case Flavour::section:
        case Flavour::policy:
        case Flavour::national:
        case Flavour::local:
            break;
    }
    return m.news_summaries;
}

struct Headline {
    std::string title;
    Topic topic = Topic::general;
    bool about_control = false;
    bool digest = false;
    std::vector<std::string_view> hints;
};

class SiteWriter {
public:
    SiteWriter(sys_seconds now, std::uint32_t seed) : now_(now), rng_(seed) {}

    json write() {
        std::vector<Plan> plans = plan();
        json articles = json::array();
        for (const Plan& p : plans) articles.push_back(article(p));
        json categories = json::array();
        for (const CategorySpec& c : kCategories) {
            categories.push_back({
                {"slug", c.slug},
                {"name", c.name},
                {"parent", c.parent.empty() ? json(nullptr) : json(c.parent)},
                {"subtitle", c.subtitle},
            });
        }
        return {{"categories", std::move(categories)}, {"articles", std::move(articles)}};
    }

private:
    static std::size_t category_index(std::string_view slug) {
        for (std::size_t i = 0; i < std::size(kCategories); ++i) {
            if (kCategories[i].slug == slug) return i;
        }
        return 0;
    }

    std::vector<Plan> plan() {
        std::vector<Plan> plans;
        for (std::size_t i = 0; i < std::size(kCategories); ++i) {
            for (int n = 0; n < kCategories[i].published; ++n) {
                plans.push_back({i, Kind::past, past_time(rng_, now_)});
            }
        }
        for (const ServiceArticle& s : material().service_articles) {
            plans.push_back({category_index(s.category), Kind::past, past_time(rng_, now_), &s});
        }
        for (const std::string_view slug : kDraftCategories) {
            plans.push_back({category_index(slug), Kind::draft, draft_time(rng_, now_)});
        }
        for (const std::string_view slug : kScheduledCategories) {
            plans.push_back({category_index(slug), Kind::scheduled, scheduled_time(rng_, now_)});
        }
        // Content is written oldest first, so running numbers such as （第N期） rise with time
        // and the importer's ids follow publication order.
        std::stable_sort(plans.begin(), plans.end(),
                         [](const Plan& a, const Plan& b) { return a.at < b.at; });
        return plans;
    }

    Headline headline(Flavour flavour, Ctx& ctx, sys_seconds at) {
        const Material& m = material();
        const auto templates = title_templates(flavour);
        Headline h;
        for (int attempt = 0;; ++attempt) {
            ctx = make_ctx(rng_, flavour, at);
            const bool digest = flavour == Flavour::faq && rng_.chance(0.07);
            const TitleTemplate digest_template{m.faq_digest_title, Topic::general};
            const TitleTemplate& tt = digest ? digest_template : rng_.pick(templates);
            if (digest) ctx.issue = faq_digests_ + 1;
            if (!reads_well(tt.pattern, ctx, flavour)) continue;
            std::string title = fill(tt.pattern, ctx);
            if (attempt >= 40) {
                // Template space exhausted for this slot: number it rather than loop forever.
                for (int n = 2; titles_.contains(title); ++n) {
                    title = fill(tt.pattern, ctx) + "（第" + std::to_string(n) + "期）";
                }
            }
            if (!titles_.insert(title).second) continue;
            if (digest) ++faq_digests_;
            h.title = std::move(title);
            h.digest = digest;
            h.about_control = tt.pattern.find("{K}") != std::string_view::npos;
            h.topic = h.about_control ? ctx.control->topic : tt.topic;
            const auto has = [&](std::string_view key) {
                return tt.pattern.find(key) != std::string_view::npos;
            };
            if (h.about_control) h.hints.push_back(ctx.control->keyword);
            if (has("{S}")) h.hints.push_back(ctx.subject_keyword());
            h.hints.push_back(topic_text(h.topic).keyword);
            if (has("{T}") || has("{C}")) h.hints.push_back(ctx.sector->keyword);
            return h;
        }
    }

    std::vector<std::string> keywords(std::string_view title, std::vector<std::string_view> hints,
                                      Flavour flavour) {
        // A term the headline spells out is the most telling keyword of all.
        for (const std::string_view k : material().keywords) {
            if (title.find(k) != std::string_view::npos) hints.insert(hints.begin(), k);
        }
        const auto defaults = default_keywords(flavour);
        const std::size_t offset = rng_.below(defaults.size());
        for (std::size_t i = 0; i < defaults.size(); ++i) {
            hints.push_back(defaults[(offset + i) % defaults.size()]);
        }
        const std::uint32_t r = rng_.below(100);
        const std::size_t want = r < 15 ? 1 : r < 50 ? 2 : r < 85 ? 3 : 4;
        std::vector<std::string> out;
        for (const std::string_view k : hints) {
            if (out.size() == want) break;
            if (std::find(out.begin(), out.end(), k) == out.end()) out.emplace_back(k);
        }
        return out;
    }

    json source(Flavour flavour, sys_seconds at, std::string& name) {
        const Material& m = material();
        if (flavour == Flavour::service) {
            name = m.own_sources.front();
            return nullptr;
        }
        if (flavour == Flavour::local && rng_.chance(0.25)) {
            name = rng_.pick(m.bulletin_sources);
        } else if (rng_.chance(0.6)) {
            name = m.own_sources.front();
        } else {
            name = rng_.pick(m.other_sources);
        }
        if (name == m.own_sources.front() || name == "本站编辑部" || !rng_.chance(0.35)) {
            return nullptr;
        }
        const std::chrono::year_month_day ymd{beijing_day(at)};
        char path[48];
        const std::uint32_t page = 100000 + rng_.below(900000);
        std::snprintf(path, sizeof path, "/%04d%02u/%06u.html", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(page));
        return "https://" + std::string{rng_.pick(m.source_domains)} + path;
    }

    std::int64_t views(Kind kind, sys_seconds at) {
        if (kind != Kind::past) return 0;
        const double age_days = static_cast<double>((now_ - at).count()) / 86400.0;
        // Readership grows with age but flattens out; a few pieces take off.
        const double base = 8.0 + 85.0 * std::sqrt(age_days);
        const double u1 = rng_.unit();
        const double u2 = rng_.unit();
        const double u3 = rng_.unit();
        double factor = 0.4 + u1 + 0.8 * u2 * u3;
        if (rng_.chance(0.05)) factor *= 3.0 + 5.0 * rng_.unit();
        const auto v = static_cast<std::int64_t>(std::llround(base * factor));
        return std::clamp<std::int64_t>(v, 0, 20000);
    }

    json article(const Plan& p) {
        const CategorySpec& cat = kCategories[p.category];
        Ctx ctx;
        Headline h;
        if (p.service != nullptr) {
            ctx = make_ctx(rng_, Flavour::service, p.at);
            h.title = p.service->title;
            h.topic = p.service->topic;
            h.hints = {topic_text(h.topic).keyword};
            titles_.insert(h.title);
        } else {
            h = headline(cat.flavour, ctx, p.at);
        }

        BodyWriter w(rng_, ctx);
        switch (cat.flavour) {
            case Flavour::industry:
                write_news(w, rng_, h.topic, true);
                break;
            case Flavour::knowledge:
                write_knowledge(w, rng_, h.topic, h.about_control);
                break;
            case Flavour::cases:
                write_case(w, rng_, h.topic);
                break;
            case Flavour::faq:
                write_faq(w, rng_, ctx, h.title, h.topic, h.digest, p.at);
                break;
            case Flavour::service:
                write_service(w, rng_, h.topic);
                break;
            case Flavour::section:
            case Flavour::policy:
            case Flavour::national:
            case Flavour::local:
                write_news(w, rng_, h.topic, false);
                break;
        }

        std::vector<std::string> kws = keywords(h.title, h.hints, cat.flavour);
        std::string source_name;
        json source_url = source(cat.flavour, p.at, source_name);
        json summary = nullptr;
        if (rng_.chance(0.1)) summary = fill(rng_.pick(summaries(cat.flavour)), ctx);
        const std::int64_t view_count = views(p.kind, p.at);

        return {
            {"title", h.title},
            {"category", cat.slug},
            {"published_at", rfc3339(p.at)},
            {"keywords", kws},
            {"source", source_name},
            {"source_url", source_url},
            {"summary", summary},
            {"body_html", w.take()},
            {"views", view_count},
            {"status", p.kind == Kind::draft ? "draft" : "published"},
        };
    }

    sys_seconds now_;
    Rng rng_;
    std::unordered_set<std::string> titles_;
    int faq_digests_ = 0;
};

}  // namespace

nlohmann::json make_demo_site(std::chrono::sys_seconds now, std::uint32_t seed) {
    return SiteWriter(now, seed).write();
}

}  // namespace gp::demo
