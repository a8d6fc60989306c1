// A simulated global interpreter lock with CPython's hand-over protocol (Python/ceval_gil.c):
//   - a thread that wants the lock and finds it held waits up to the switch interval; if no
//     hand-over happened meanwhile, it sets a drop request;
//   - the holder checks the request at "bytecode" boundaries (drop_requested(), one relaxed load)
//     and then hands over: it releases and waits until another thread has taken the lock (as
//     CPython's FORCE_SWITCHING does), then queues again;
//   - a thread that blocks on IO releases the lock without being asked.
// A thread arriving while others wait queues behind them (try_acquire fails), and the holder
// that handed over queues again behind the waiters, so hand-overs rotate visibly; a freed lock
// goes to whichever waiter wakes first, so a slow wake-up does not stall everyone.
// Every wait is cancellable: `stop` is asked every few milliseconds and ActorStopped thrown.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "core/trace/clock.hpp"

namespace tl {

class InterpreterLock {
public:
    using StopFn = std::function<bool()>;
    explicit InterpreterLock(Nanos interval) : interval_(interval) {}

    /// Blocks until thread `who` (>= 0) holds the lock. Returns true when it had to wait.
    /// Throws ActorStopped when `stop` says so while waiting.
    bool acquire(int who, const StopFn& stop);
    /// Takes the lock only if it is free and nobody queues for it.
    bool try_acquire(int who);
    /// The holder lets go (it blocks on IO, or it is done).
    void release(int who);
    /// A waiter asks the holder to hand over (checked at every bytecode boundary).
    bool drop_requested() const { return drop_.load(std::memory_order_relaxed); }
    /// The holder answers a drop request: releases, waits until someone else took the lock (or
    /// nobody waits any more), and returns without it; the caller acquires again.
    void hand_over(int who, const StopFn& stop);

    /// Acquisitions by a thread other than the previous holder: the hand-overs.
    std::uint64_t switches() const { return switches_.load(std::memory_order_relaxed); }
    /// Drop requests set by waiters whose interval expired.
    std::uint64_t drop_requests() const { return drop_requests_.load(std::memory_order_relaxed); }
    Nanos interval() const { return interval_; }

private:
    void take(int who); // m_ held
    /// Waits on cv_ until `deadline` or a notification, at most a few ms (to ask `stop`).
    void wait_slice(std::unique_lock<std::mutex>& lk, Nanos deadline, const StopFn& stop);

    const Nanos interval_;
    std::mutex m_;
    std::condition_variable cv_;
    int holder_ = -1, last_holder_ = -1;
    std::uint64_t switch_number_ = 0; // acquisitions so far (guarded by m_)
    std::deque<int> queue_;           // the threads waiting now
    std::atomic<bool> drop_{false};
    std::atomic<std::uint64_t> switches_{0}, drop_requests_{0};
};

} // namespace tl
