// Times raw SQL against a benchmark store, with the search tokenizer registered.
// Usage: gp_fts_probe DATA_DIR ROUNDS SQL MATCH...
#include <chrono>
#include <iostream>

#include "search/analyzer.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_search_setup.hpp"

int main(int argc, char** argv) {
    using namespace gp::store::sqlite;
    gp::search::Analyzer analyzer;
    Connection c(std::filesystem::path(argv[1]) / "guardpress.sqlite3");
    setup_search(c, analyzer);
    refresh_vocabulary(c, analyzer);
    const int rounds = std::stoi(argv[2]);
    for (int a = 4; a < argc; ++a) {
        double best = 1e9;
        std::string last;
        for (int r = 0; r < rounds; ++r) {
            const auto t = std::chrono::steady_clock::now();
            Statement st(c.handle(), argv[3], "probe");
            st.bind(1, std::string(argv[a]));
            int rows = 0;
            while (st.step()) {
                ++rows;
                last = st.text(0);
            }
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t)
                    .count();
            best = std::min(best, ms);
            last += " rows=" + std::to_string(rows);
        }
        std::cout << argv[a] << "\t" << best << " ms\t" << last << "\n";
    }
}
