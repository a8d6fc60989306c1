// Safety nets for tests that check that something finishes. They are generous on purpose: CI runs
// on two busy cores, under ThreadSanitizer too, and a soak at load 250 has seen a stop of 256
// threads take 9.7 s. The real targets (a stop within 200 ms, a deadlock found within 100 ms) are
// measured by the benchmarks and reported in the README, never asserted against the wall clock.
//
// A hang is caught by ctest, which kills a test after its TIMEOUT (1500 s). Tests carry no
// doctest::timeout: that is checked after the test has finished, so it stops no hang and only
// turns a slow machine into a failure.
#pragma once
#include <chrono>

namespace tl::test {

/// A stop (request, then every thread joined) must finish within this.
inline constexpr std::chrono::milliseconds kStopFinishes{30000};
/// Something a test waits for that comes within milliseconds on a quiet machine (a deadlock
/// forming, a first meal, a banner) must come within this.
inline constexpr std::chrono::milliseconds kHappensWithin{60000};
/// A deadlock must be found within this of forming.
inline constexpr double kFoundWithinMs = 30000;

} // namespace tl::test
