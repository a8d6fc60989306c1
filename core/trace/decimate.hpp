// Live plots' series are bounded: past a cap, every other point goes and points are taken half
// as often, so the whole run stays drawn at a uniform, lower resolution.
#pragma once
#include <cstddef>
#include <vector>

#include "core/trace/clock.hpp"

namespace tl {

/// The live plots' cap on points per series.
constexpr std::size_t kMaxSeriesPoints = 4096;

/// Keeps the first point and every other one after it, and always the last.
template <class T> void halve_series(std::vector<T>& v) {
    const std::size_t n = v.size();
    if (n < 3) return;
    std::size_t out = 0;
    for (std::size_t i = 0; i < n; i += 2) v[out++] = v[i];
    if ((n - 1) % 2 == 1) v[out++] = v[n - 1];
    v.resize(out);
}

/// The interval between points that keeps a series of a run this long under `cap` points:
/// `base`, doubled as often as needed.
constexpr Nanos series_interval(Nanos base, Nanos run, std::size_t cap = kMaxSeriesPoints) {
    Nanos every = base;
    while (every > 0 && run / every >= static_cast<Nanos>(cap / 2)) every *= 2;
    return every;
}

} // namespace tl
