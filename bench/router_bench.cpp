// Router benchmark: the CPU of one Router::match of a GET against the public rows of the route
// table of src/app/route_table.cpp (the admin routes take a fixed number of segments and are
// left out), for paths of 10 and 4,000 segments. Run by hand and recorded in docs/benchmarks.md.
// Usage: gp_router_bench [google-benchmark flags]
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "http/router.hpp"

namespace {

using gp::http::Verb;

gp::http::Router public_routes() {
    gp::http::Router r;
    const gp::http::Handler none = [](const gp::http::Request&, gp::http::RequestContext&,
                                      const gp::http::RouteParams&) {
        return gp::http::Response{};
    };
    for (const char* p :
         {"/", "/healthz", "/wechat-qr.svg", "/static/{path...}", "/callback", "/callback/thanks",
          "/tag/{keyword}/", "/search", "/rss.xml", "/sitemap.xml", "/sitemaps/{n}.xml",
          "/sitemap.txt", "/robots.txt", "/media/{name}", "/admin", "/{path...}/rss.xml",
          "/{path...}/{id}.html", "/{path...}/", "/{path...}"}) {
        r.add(Verb::get, p, none);
    }
    r.add(Verb::post, "/callback", none);
    return r;
}

std::vector<std::string> path_of(std::int64_t n, const std::string& last) {
    std::vector<std::string> segments(static_cast<std::size_t>(n - 1), "a");
    segments.push_back(last);
    return segments;
}

// A path ending in "x.htm" misses the three {path...}/... routes and falls to the catch-all
// "/{path...}", as an anonymous request for a made-up deep path does.
void run(benchmark::State& state, const std::string& last) {
    const auto router = public_routes();
    const auto segments = path_of(state.range(0), last);
    for (auto _ : state) {
        auto m = router.match(Verb::get, segments);
        benchmark::DoNotOptimize(m);
    }
}

void BM_MatchCatchAll(benchmark::State& state) { run(state, "x.htm"); }
void BM_MatchArticle(benchmark::State& state) { run(state, "12.html"); }

}  // namespace

BENCHMARK(BM_MatchCatchAll)->Arg(10)->Arg(4000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MatchArticle)->Arg(10)->Arg(4000)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
