#include "core/runtime/interpreter_lock.hpp"

#include <algorithm>
#include <chrono>

#include "core/runtime/runtime.hpp" // ActorStopped

namespace tl {

namespace {
constexpr Nanos kStopPoll = 2'000'000; // how often a waiter asks whether the run is stopping
}

void InterpreterLock::take(int who) {
    holder_ = who;
    if (last_holder_ >= 0 && last_holder_ != who) switches_.fetch_add(1, std::memory_order_relaxed);
    last_holder_ = who;
    ++switch_number_;
    drop_.store(false, std::memory_order_relaxed);
}

void InterpreterLock::wait_slice(std::unique_lock<std::mutex>& lk, Nanos deadline, const StopFn& stop) {
    const Nanos left = std::clamp<Nanos>(deadline - now_ns(), 0, kStopPoll);
    cv_.wait_for(lk, std::chrono::nanoseconds(left));
    if (stop && stop()) throw ActorStopped{};
}

bool InterpreterLock::try_acquire(int who) {
    std::lock_guard lk(m_);
    if (holder_ >= 0 || !queue_.empty()) return false;
    take(who);
    return true;
}

bool InterpreterLock::acquire(int who, const StopFn& stop) {
    std::unique_lock lk(m_);
    if (holder_ < 0 && queue_.empty()) {
        take(who);
        return false;
    }
    queue_.push_back(who);
    try {
        // CPython: wait one interval; if nobody handed over meanwhile, ask the holder to drop.
        std::uint64_t seen = switch_number_;
        Nanos deadline = now_ns() + interval_;
        while (holder_ >= 0) { // freed: whichever waiter wakes first takes it (CPython's is no queue either)
            wait_slice(lk, deadline, stop);
            if (now_ns() < deadline) continue;
            if (holder_ >= 0 && switch_number_ == seen && !drop_.load(std::memory_order_relaxed)) {
                drop_.store(true, std::memory_order_relaxed);
                drop_requests_.fetch_add(1, std::memory_order_relaxed);
            }
            seen = switch_number_;
            deadline = now_ns() + interval_;
        }
    } catch (...) {
        queue_.erase(std::find(queue_.begin(), queue_.end(), who));
        lk.unlock();
        cv_.notify_all(); // the next in line may be free to go now
        throw;
    }
    queue_.erase(std::find(queue_.begin(), queue_.end(), who));
    take(who);
    return true;
}

void InterpreterLock::release(int who) {
    {
        std::lock_guard lk(m_);
        if (holder_ != who) return;
        holder_ = -1;
        drop_.store(false, std::memory_order_relaxed);
    }
    cv_.notify_all();
}

void InterpreterLock::hand_over(int who, const StopFn& stop) {
    std::unique_lock lk(m_);
    if (holder_ != who) return;
    holder_ = -1;
    drop_.store(false, std::memory_order_relaxed);
    const std::uint64_t mine = switch_number_;
    cv_.notify_all();
    // FORCE_SWITCHING: do not race back in before the waiter has taken it.
    while (switch_number_ == mine && !queue_.empty()) wait_slice(lk, now_ns() + kStopPoll, stop);
}

} // namespace tl
