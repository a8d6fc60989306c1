// Monotonic timestamps for the recorder: nanoseconds since the process started.
#pragma once
#include <chrono>
#include <cstdint>

namespace tl {

using Nanos = std::int64_t;

/// Nanoseconds on the steady clock, counted from a process-wide epoch so values stay small.
inline Nanos now_ns() {
    static const auto epoch = std::chrono::steady_clock::now();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - epoch)
        .count();
}

constexpr Nanos ms_to_ns(double ms) { return static_cast<Nanos>(ms * 1'000'000.0); }
constexpr double ns_to_ms(Nanos ns) { return static_cast<double>(ns) / 1'000'000.0; }

} // namespace tl
