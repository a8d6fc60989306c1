// The stop request every actor's sleep waits on. A sleep must end at once when Stop is pressed,
// so it waits on the flag itself, with a deadline: a Linux futex on the flag's word. No mutex is
// shared between sleepers: with one mutex and condition variable, 256 donors taking 1 ms breaks
// queued on that mutex (a lock the demo never shows), and two busy processes slowed each other
// a hundredfold under ThreadSanitizer.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace tl {

class StopFlag {
public:
    bool requested() const { return word_.load(std::memory_order_acquire) != 0; }
    /// Sets the flag and wakes every waiter.
    void request();
    /// Waits until the flag is set (true) or `deadline` passes (false).
    bool wait_until(std::chrono::steady_clock::time_point deadline) const;

private:
    mutable std::atomic<std::uint32_t> word_{0};
    static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t), "the futex waits on the word itself");
};

} // namespace tl
