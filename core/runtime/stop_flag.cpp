#include "core/runtime/stop_flag.hpp"

#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace tl {

namespace {

std::uint32_t* futex_word(std::atomic<std::uint32_t>& w) { return reinterpret_cast<std::uint32_t*>(&w); }

} // namespace

void StopFlag::request() {
    word_.store(1, std::memory_order_release);
    syscall(SYS_futex, futex_word(word_), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

bool StopFlag::wait_until(std::chrono::steady_clock::time_point deadline) const {
    // steady_clock is CLOCK_MONOTONIC, the clock of FUTEX_WAIT_BITSET's absolute timeout.
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
    if (ns <= 0) return requested();
    const timespec at{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    while (!requested()) {
        // Sleeps only while the word is still 0: a request between the check and the call
        // makes the call return at once (EAGAIN).
        const long rc = syscall(SYS_futex, futex_word(word_), FUTEX_WAIT_BITSET_PRIVATE, 0u, &at, nullptr,
                                FUTEX_BITSET_MATCH_ANY);
        if (rc != 0 && errno == ETIMEDOUT) return requested();
    }
    return true;
}

} // namespace tl
