// Writes the committed demo site, demo/site/, from the generator in this folder:
//   gp_demo_site DIR      (DIR is demo/site in a checkout)
// The document is dated as of kDatedAt and written with one record per line, so a change to the
// generator shows in review as a change to the articles it touches. `guardpress init --demo`
// moves the dates to the day it runs (docs/adr/0026-committed-demo-site.md).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "content/rfc3339.hpp"
#include "demo_site/demo_content.hpp"

namespace {

using namespace std::chrono;

// 10:17 Beijing time on a Wednesday: the instant the committed document is dated as of.
const sys_seconds kDatedAt = sys_days{2025y / June / 18} + 2h + 17min;

void write_records(std::ostream& out, const nlohmann::json& records) {
    for (std::size_t i = 0; i < records.size(); ++i) {
        out << (i == 0 ? "\n  " : ",\n  ") << records[i].dump();
    }
    out << "\n ]";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: gp_demo_site DIR\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    const auto site = gp::demo::make_demo_site(kDatedAt);
    std::ofstream content(dir / "content.json", std::ios::binary);
    content << "{\"categories\": [";
    write_records(content, site.at("categories"));
    content << ",\n \"articles\": [";
    write_records(content, site.at("articles"));
    content << "}\n";
    std::ofstream(dir / "dated_at.txt", std::ios::binary)
        << gp::content::format_rfc3339(kDatedAt, hours{8}) << "\n";
    if (!content) {
        std::cerr << "gp_demo_site: cannot write " << (dir / "content.json").string() << "\n";
        return 1;
    }
    std::cout << "wrote " << site.at("articles").size() << " articles to " << dir.string() << "\n";
    return 0;
}
