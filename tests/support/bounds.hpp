// Safety nets for tests that check that something finishes. They are generous on purpose: CI runs
// on two busy cores, under ThreadSanitizer too. The real targets (a stop within 200 ms, a
// deadlock found within 100 ms) are measured by the benchmarks and reported in the README,
// never asserted against the wall clock.
#pragma once
#include <chrono>

namespace tl::test {

/// A stop (request, then every thread joined) must finish within this.
inline constexpr std::chrono::milliseconds kStopFinishes{5000};
/// A deadlock must be found within this of forming.
inline constexpr double kFoundWithinMs = 5000;

} // namespace tl::test
