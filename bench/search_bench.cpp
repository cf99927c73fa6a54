// Search benchmark: generates a corpus of Chinese articles (about 2 KB of text each), imports it
// through the normal import path (which indexes in the same transaction), rebuilds the index
// with `reindex`, then times a mixed query set. Prints a Markdown report for
// docs/benchmarks.md. Usage: gp_search_bench [ARTICLES] [DATA_DIR] [--reuse]
// --reuse times the queries on a corpus an earlier run left in DATA_DIR.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "editorial/site_transfer.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Topic material written for this benchmark: each article is about one topic, told with that
// topic's sentences and the field's common sentences.
struct Topic {
    std::string keyword;
    std::vector<std::string> sentences;
};

const std::vector<Topic>& topics() {
    static const std::vector<Topic> list{
        {"定级备案",
         {"定级备案是等级保护工作的第一步，运营者应当梳理定级对象并编写定级报告。",
          "定级报告经专家评审后报主管部门审核，再到公安机关办理备案手续。",
          "备案证明是后续开展等级测评和监督检查的重要依据。"}},
        {"等级测评",
         {"等级测评由具备资质的测评机构依据国家标准实施。",
          "第三级系统应当每年至少开展一次等级测评，测评结论分为符合、基本符合和不符合。",
          "测评师会对照测评要求逐项核查安全控制措施并记录证据。"}},
        {"差距分析",
         {"差距分析帮助单位在正式测评前发现安全控制措施的不足。",
          "根据差距分析结果制定整改方案，明确责任人和完成时限。",
          "差距分析通常覆盖技术和管理两个方面的全部控制点。"}},
        {"安全整改",
         {"安全整改应当优先处理高风险问题，并保留整改前后的证据材料。",
          "整改完成后可申请复测，确认问题已经闭环。",
          "常见的整改项包括弱口令治理、补丁更新和日志留存。"}},
        {"渗透测试",
         {"渗透测试模拟攻击者的手法验证系统的实际防护能力。",
          "渗透测试前应当签署授权书并约定测试范围和时间窗口。",
          "渗透测试报告需要给出漏洞的复现步骤和修复建议。"}},
        {"漏洞扫描",
         {"漏洞扫描应当定期开展，发现的高危漏洞要及时修复。", "漏洞扫描工具的规则库需要保持更新。",
          "扫描结果需要人工复核，排除误报后再分派处理。"}},
        {"数据安全法",
         {"数据安全法确立了数据分类分级保护制度。",
          "重要数据的处理者应当明确数据安全负责人和管理机构。",
          "数据安全法要求开展数据处理活动应当加强风险监测。"}},
        {"个人信息保护法",
         {"个人信息保护法规定处理个人信息应当取得个人的同意。",
          "处理敏感个人信息应当进行个人信息保护影响评估。",
          "个人信息处理者应当制定内部管理制度和操作规程。"}},
        {"数据出境",
         {"数据出境安全评估适用于向境外提供重要数据的情形。",
          "数据出境前应当开展自评估并准备申报材料。", "标准合同是个人信息出境的一种合规路径。"}},
        {"关键信息基础设施",
         {"关键信息基础设施运营者应当在等级保护的基础上实行重点保护。",
          "关键信息基础设施的认定由保护工作部门负责。",
          "运营者采购网络产品和服务可能需要通过网络安全审查。"}},
        {"商用密码",
         {"商用密码应用安全性评估简称密评，第三级以上系统应当开展。",
          "密码应用方案应当覆盖物理和环境、网络和通信、设备和计算以及应用和数据。",
          "密评机构需要具备相应的资质。"}},
        {"云计算",
         {"云计算安全扩展要求关注虚拟化和多租户环境下的隔离。",
          "云服务商和云租户的安全责任需要在合同中明确划分。",
          "云上系统定级时要分别考虑云平台和租户业务系统。"}},
        {"物联网",
         {"物联网安全扩展要求覆盖感知节点设备和网关节点设备。",
          "感知节点的物理防护和接入认证是物联网测评的重点。",
          "物联网系统的数据采集链路需要防止数据被篡改。"}},
        {"工业控制系统",
         {"工业控制系统安全扩展要求强调生产网和管理网之间的边界隔离。",
          "工控系统的补丁更新需要在测试环境验证后实施。",
          "现场控制层和过程监控层的安全防护要与生产安全统筹考虑。"}},
        {"日志审计",
         {"日志审计系统应当集中收集网络设备、服务器和应用的日志。",
          "网络日志留存时间不少于六个月是法律的明确要求。",
          "审计记录应当受到保护，防止未经授权的删除和修改。"}},
        {"堡垒机",
         {"堡垒机实现运维操作的集中管控和全程审计。",
          "通过堡垒机可以落实最小权限和双因素认证要求。",
          "运维人员的高危命令可以在堡垒机上设置审批。"}},
        {"应急演练",
         {"应急预案应当定期组织演练并根据演练结果修订。",
          "应急演练可以采用桌面推演和实战演练相结合的方式。",
          "安全事件发生后应当按规定时限向主管部门报告。"}},
        {"安全管理制度",
         {"安全管理制度体系包括总体方针、管理制度和操作规程。",
          "制度应当定期评审和修订，确保与实际情况一致。",
          "安全管理机构需要明确岗位职责并配备专职人员。"}},
        {"访问控制",
         {"访问控制策略应当遵循最小权限原则。", "应当及时删除或停用多余的、过期的账户。",
          "重要主体和客体应当设置安全标记并依据标记控制访问。"}},
        {"身份鉴别",
         {"身份鉴别应当采用口令、密码技术和生物技术等两种以上组合的方式。",
          "口令应当具有复杂度要求并定期更换。",
          "登录失败达到一定次数应当采取结束会话或锁定账户等措施。"}},
        {"数据备份恢复",
         {"数据备份恢复要求提供重要数据的本地备份和异地备份功能。",
          "备份介质应当定期进行恢复测试。", "重要系统应当提供热冗余以保证高可用性。"}},
        {"入侵防范",
         {"入侵防范要求在关键网络节点检测和限制网络攻击行为。",
          "入侵检测系统的告警需要有人值守和及时研判。",
          "应当能够检测到对重要节点的入侵行为并在严重事件时告警。"}},
        {"态势感知",
         {"态势感知平台汇聚多源数据呈现整体安全状况。",
          "安全管理中心应当对分散的安全设备进行集中管控。",
          "威胁情报可以帮助提升态势感知的准确度。"}},
        {"教育行业",
         {"教育行业的招生系统和学籍系统通常定为第二级或第三级。",
          "高校信息化系统数量多，定级对象的梳理工作量较大。",
          "教育主管部门每年组织开展网络安全检查。"}},
        {"医疗行业",
         {"医院信息系统承载大量患者隐私数据，需要重点保护。",
          "电子病历系统和互联网医院平台是医疗行业测评的重点。",
          "卫生健康部门要求二级以上医院落实等级保护制度。"}},
        {"金融行业",
         {"金融机构的核心业务系统通常定为第三级或第四级。",
          "金融行业还需要满足行业主管部门的专项监管要求。",
          "支付系统的交易数据完整性和保密性要求很高。"}},
    };
    return list;
}

const std::vector<std::string>& common_sentences() {
    static const std::vector<std::string> list{
        "网络安全等级保护制度是国家网络安全的基本制度。",
        "网络运营者应当按照网络安全等级保护制度的要求履行安全保护义务。",
        "等保2.0标准体系以GB/T 22239-2019为核心，覆盖通用要求和扩展要求。",
        "安全通用要求包括技术要求和管理要求两大部分。",
        "单位应当建立网络安全工作责任制，明确主要负责人的责任。",
        "安全建设应当与信息系统同步规划、同步建设、同步使用。",
        "运维阶段需要持续监测并定期开展风险评估。",
        "合规不是一次性的工作，需要常态化运营来维持。",
        "技术措施和管理措施应当相互配合，形成纵深防御体系。",
        "人员安全意识培训是安全管理中不可缺少的一环。",
        "第三方服务商的安全管理同样需要纳入整体考虑。",
        "安全物理环境、安全通信网络和安全区域边界是技术要求的组成部分。",
    };
    return list;
}

std::string make_body(std::mt19937& rng, const Topic& main, const Topic& side) {
    std::string body;
    std::size_t text_bytes = 0;
    int paragraph = 0;
    while (text_bytes < 2000) {
        std::string p;
        for (int s = 0; s < 4; ++s) {
            const auto roll = rng() % 10;
            const std::string* sentence = nullptr;
            if (roll < 4) {
                sentence = &main.sentences[rng() % main.sentences.size()];
            } else if (roll < 5) {
                sentence = &side.sentences[rng() % side.sentences.size()];
            } else {
                sentence = &common_sentences()[rng() % common_sentences().size()];
            }
            p += *sentence;
        }
        text_bytes += p.size();
        body += fmt::format("<h2>{}、{}</h2><p>{}</p>", ++paragraph, main.keyword, p);
    }
    return body;
}

void write_corpus(std::ostream& out, int first_id, int count, std::mt19937& rng, bool categories) {
    nlohmann::json doc;
    doc["categories"] = nlohmann::json::array();
    if (categories) {
        doc["categories"] = {{{"slug", "news"}, {"name", "等保资讯"}, {"parent", nullptr}},
                             {{"slug", "policy"}, {"name", "等保政策"}, {"parent", "news"}},
                             {{"slug", "cases"}, {"name", "测评案例"}, {"parent", nullptr}}};
    }
    doc["articles"] = nlohmann::json::array();
    static const std::vector<std::string> kCategories{"news", "policy", "cases"};
    const auto& list = topics();
    for (int i = 0; i < count; ++i) {
        const auto& main = list[rng() % list.size()];
        const auto& side = list[rng() % list.size()];
        const int day = 1 + static_cast<int>(rng() % 28);
        const int month = 1 + static_cast<int>(rng() % 12);
        doc["articles"].push_back(
            {{"id", first_id + i},
             {"title", fmt::format("{}工作要点（{}）", main.keyword, first_id + i)},
             {"category", kCategories[rng() % kCategories.size()]},
             {"published_at", fmt::format("2024-{:02}-{:02}T09:00:00+08:00", month, day)},
             {"keywords", {main.keyword, side.keyword}},
             {"body_html", make_body(rng, main, side)}});
    }
    out << doc.dump();
}

struct QueryCase {
    std::string kind;
    std::string text;
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

long status_kb(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

std::int64_t index_bytes(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::int64_t bytes = -1;
    if (sqlite3_prepare_v2(db, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'article_search%'",
                           -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        bytes = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return bytes;
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int articles = argc > 1 ? std::stoi(argv[1]) : 100000;
    const std::filesystem::path dir = argc > 2 ? argv[2] : "bench-search-data";
    const bool reuse = argc > 3 && std::string(argv[3]) == "--reuse";
    if (!reuse) {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    // A throwaway audit key: each chunk's import writes its audit record.
    auto store = gp::store::sqlite::open_store(gp::store::StoreSettings{dir, std::string(32, 'b')});

    std::mt19937 rng(20250311);
    constexpr int kChunk = 10000;
    double import_ms = 0;
    for (int done = 0; !reuse && done < articles; done += kChunk) {
        std::ostringstream json;
        write_corpus(json, done + 1, std::min(kChunk, articles - done), rng, done == 0);
        const auto t = Clock::now();
        auto result = gp::editorial::SiteTransfer(store->transfer())
                          .import_json(json.str(), now, gp::editorial::shell_importer("import"));
        import_ms += ms_since(t);
        if (auto* e = std::get_if<gp::content::ImportError>(&result)) {
            std::cerr << "import failed: " << e->message() << "\n";
            return 1;
        }
        std::cerr << "imported " << std::min(done + kChunk, articles) << "/" << articles << "\r";
    }
    std::cerr << "\n";
    auto t = Clock::now();
    if (!reuse) store->search().reindex({});
    const double reindex_ms = ms_since(t);
    {
        // What the server's autocheckpoint does over time: the pages move from the WAL into
        // the database file, where reads are memory-mapped.
        sqlite3* db = nullptr;
        sqlite3_open((dir / "guardpress.sqlite3").c_str(), &db);
        sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }

    const std::vector<QueryCase> cases{
        {"single word", "渗透测试"},     {"single word", "堡垒机"},
        {"single word", "应急演练"},     {"single word", "定级"},
        {"two words", "等保测评 流程"},  {"two words", "云计算 多租户"},
        {"two words", "日志 留存"},      {"phrase", "\"定级报告经专家评审\""},
        {"phrase", "\"安全区域边界\""},  {"synonym", "个保法"},
        {"synonym", "数安法 重要数据"},  {"synonym", "密评"},
        {"synonym", "關鍵信息基礎設施"}, {"no hit", "量子纠缠"},
        {"no hit", "区块链钱包"},        {"no hit", "zeroday"},
    };
    std::map<std::string, std::vector<double>> by_kind;
    std::vector<double> all;
    std::map<std::string, std::string> totals;
    constexpr int kRounds = 30;
    for (int round = 0; round < kRounds + 1; ++round) {
        for (const auto& c : cases) {
            const auto start = Clock::now();
            const auto r = store->search().search(c.text, {}, now, 0, 10);
            const double ms = ms_since(start);
            totals[c.text] = std::to_string(r.total) + (r.total_capped ? "+" : "");
            if (round == 0) continue;  // warm-up
            by_kind[c.kind].push_back(ms);
            all.push_back(ms);
        }
    }
    // Related articles of a few articles, as an article page asks.
    std::vector<double> related;
    for (int id = 1; id <= 200; ++id) {
        const auto a = store->articles().find_article(id * (articles / 200));
        if (!a) continue;
        const auto start = Clock::now();
        store->search().related(*a, now, 6);
        related.push_back(ms_since(start));
    }

    const auto file = dir / "guardpress.sqlite3";
    std::cout << fmt::format("articles: {}\n", articles);
    std::cout << fmt::format("import with indexing: {:.1f} s\n", import_ms / 1000);
    std::cout << fmt::format("reindex: {:.1f} s\n", reindex_ms / 1000);
    std::cout << fmt::format("index size: {:.1f} MB; store file: {:.1f} MB\n",
                             static_cast<double>(index_bytes(file)) / 1e6,
                             static_cast<double>(std::filesystem::file_size(file)) / 1e6);
    std::cout << fmt::format("RSS: {} MB now, {} MB peak\n", status_kb("VmRSS") / 1024,
                             status_kb("VmHWM") / 1024);
    std::cout << "\n| query kind | queries × rounds | p50 ms | p95 ms | p99 ms "
                 "|\n|---|---|---|---|---|\n";
    for (const auto& [kind, v] : by_kind) {
        std::cout << fmt::format("| {} | {} | {:.2f} | {:.2f} | {:.2f} |\n", kind, v.size(),
                                 percentile(v, 0.5), percentile(v, 0.95), percentile(v, 0.99));
    }
    std::cout << fmt::format("| **all** | {} | {:.2f} | {:.2f} | {:.2f} |\n", all.size(),
                             percentile(all, 0.5), percentile(all, 0.95), percentile(all, 0.99));
    if (!related.empty()) {
        std::cout << fmt::format("| related articles | {} | {:.2f} | {:.2f} | {:.2f} |\n",
                                 related.size(), percentile(related, 0.5),
                                 percentile(related, 0.95), percentile(related, 0.99));
    }
    std::cout << "\n| query | results |\n|---|---|\n";
    for (const auto& c : cases) {
        std::cout << fmt::format("| `{}` | {} |\n", c.text, totals[c.text]);
    }
    return 0;
}
