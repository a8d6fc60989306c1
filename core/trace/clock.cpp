#include "core/trace/clock.hpp"

#include <fstream>
#include <string>

namespace tl::detail {

static const auto g_epoch = std::chrono::steady_clock::now();

Nanos steady_now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - g_epoch).count();
}

#if defined(__x86_64__)
static bool tsc_is_invariant() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("flags", 0) == 0)
            return line.find(" constant_tsc") != std::string::npos && line.find(" nonstop_tsc") != std::string::npos;
    return false;
}

static TscCalibration calibrate() {
    TscCalibration c;
    if (!tsc_is_invariant()) return c;
    // Ticks per nanosecond over a 10 ms busy wait; anchored so that now_ns() continues steady_now_ns().
    const Nanos ns0 = steady_now_ns();
    const std::uint64_t t0 = __rdtsc();
    Nanos ns1 = ns0;
    while (ns1 - ns0 < 10'000'000) ns1 = steady_now_ns();
    const std::uint64_t t1 = __rdtsc();
    if (t1 <= t0) return c;
    c.ns_per_tick = static_cast<double>(ns1 - ns0) / static_cast<double>(t1 - t0);
    c.base_tsc = t1 - static_cast<std::uint64_t>(static_cast<double>(ns1) / c.ns_per_tick);
    c.usable = true;
    return c;
}
#endif

const TscCalibration& tsc_calibration() {
#if defined(__x86_64__)
    static const TscCalibration c = calibrate();
#else
    static const TscCalibration c;
#endif
    return c;
}

} // namespace tl::detail

namespace tl {
const char* clock_source() { return detail::tsc_calibration().usable ? "tsc" : "steady_clock"; }
} // namespace tl
