// A live plot's series stays under its cap for any run length, covering the whole run evenly.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "core/trace/decimate.hpp"

using namespace tl;

namespace {
struct Point {
    Nanos t = 0;
};
} // namespace

TEST_CASE("Decimate.HalveKeepsFirstEveryOtherAndLast") {
    std::vector<Point> v;
    for (int i = 0; i < 6; ++i) v.push_back({i});
    halve_series(v);
    REQUIRE(v.size() == 4);
    CHECK(v[0].t == 0);
    CHECK(v[1].t == 2);
    CHECK(v[2].t == 4);
    CHECK(v[3].t == 5);
    std::vector<Point> odd;
    for (int i = 0; i < 5; ++i) odd.push_back({i});
    halve_series(odd);
    REQUIRE(odd.size() == 3);
    CHECK(odd.back().t == 4);
}

TEST_CASE("Decimate.AnHourOfSamplingStaysUnderTheCap") {
    // As a demo's on_poll does, polled every 10 ms for 90 minutes (a class) without waiting.
    std::vector<Point> series;
    Nanos last = INT64_MIN / 2;
    std::size_t most = 0;
    const Nanos end = 90LL * 60 * 1'000'000'000;
    for (Nanos now = 0; now <= end; now += ms_to_ns(10)) {
        const Nanos every = series_interval(ms_to_ns(10), series.empty() ? 0 : now - series.front().t);
        if (now - last < every) continue;
        last = now;
        if (series.size() >= kMaxSeriesPoints) halve_series(series);
        series.push_back({now});
        most = std::max(most, series.size());
    }
    CHECK(most <= kMaxSeriesPoints);
    CHECK(series.size() >= kMaxSeriesPoints / 4);
    CHECK(series.front().t == 0);
    CHECK(series.back().t >= end - series_interval(ms_to_ns(10), end));
    // Even coverage: no gap more than four times the typical one.
    Nanos widest = 0;
    for (std::size_t i = 1; i < series.size(); ++i) widest = std::max(widest, series[i].t - series[i - 1].t);
    CHECK(widest <= 4 * (end / static_cast<Nanos>(series.size())));
}
