// Writes a large site in GuardPress's JSON import format on stdout, for benchmarks:
//   gp_make_site 10000 | guardpress import --data-dir DIR -
// The demo site's generator is run with successive seeds until there are enough articles; the
// categories are the demo's. Nothing generated is committed.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "demo_site/demo_content.hpp"

int main(int argc, char** argv) {
    const long wanted = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 10000;
    if (wanted <= 0) {
        std::cerr << "usage: gp_make_site [ARTICLES]\n";
        return 2;
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    nlohmann::json site = gp::demo::make_demo_site(now, 1);
    auto& articles = site["articles"];
    for (std::uint32_t seed = 2; static_cast<long>(articles.size()) < wanted; ++seed) {
        auto more = gp::demo::make_demo_site(now, seed);
        for (auto& a : more["articles"]) {
            if (static_cast<long>(articles.size()) >= wanted) break;
            articles.push_back(std::move(a));
        }
    }
    std::cout << site.dump() << '\n';
    return 0;
}
