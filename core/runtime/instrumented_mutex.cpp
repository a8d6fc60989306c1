#include "core/runtime/instrumented_mutex.hpp"

#include <chrono>
#include <thread>

namespace tl {

// How often a blocked waiter re-checks the stop flag: well under the 200 ms stop budget.
constexpr auto kStopPoll = std::chrono::milliseconds(2);

// One timed attempt. GCC 12's ThreadSanitizer does not intercept pthread_mutex_clocklock (what
// try_lock_for uses), so it would miss every lock taken after a wait and report the unlock as
// "unlock of an unlocked mutex"; under TSan wait on the system clock (pthread_mutex_timedlock,
// which it does intercept). Elsewhere the steady clock, immune to clock changes.
static bool timed_try_lock(std::timed_mutex& m) {
#if defined(__SANITIZE_THREAD__)
    return m.try_lock_until(std::chrono::system_clock::now() + kStopPoll);
#else
    return m.try_lock_for(kStopPoll);
#endif
}

void InstrumentedMutex::on_acquired(Actor& a) {
    owner_.store(a.lane(), std::memory_order_relaxed);
    a.sync(SyncOp::Acquired, id_, 1);
    a.point(ThreadState::HoldLock, id_);
}

bool InstrumentedMutex::acquire(Actor& a, const std::atomic<bool>* give_up) {
    // Only this thread stores its own lane into owner_, so this read is exact for "do I hold it".
    const bool self = owner() == a.lane();
    if (!self && mutex_.try_lock()) {
        on_acquired(a);
        return true;
    }
    a.sync(SyncOp::WaitBegin, id_);
    a.point(ThreadState::WaitLock, id_);
    for (;;) {
        if (self) {
            std::this_thread::sleep_for(kStopPoll); // self-deadlock: nothing can ever release it
        } else if (timed_try_lock(mutex_)) {
            break;
        }
        if (a.stop_requested()) {
            a.sync(SyncOp::WaitAbandoned, id_);
            throw ActorStopped{};
        }
        if (give_up && give_up->load(std::memory_order_relaxed)) {
            a.sync(SyncOp::WaitAbandoned, id_);
            a.point(ThreadState::Running);
            return false;
        }
    }
    on_acquired(a);
    return true;
}

void InstrumentedMutex::lock(Actor& a) { acquire(a, nullptr); }

bool InstrumentedMutex::lock_or_give_up(Actor& a, const std::atomic<bool>& give_up) { return acquire(a, &give_up); }

bool InstrumentedMutex::try_lock(Actor& a) {
    if (owner() == a.lane() || !mutex_.try_lock()) return false;
    on_acquired(a);
    return true;
}

void InstrumentedMutex::unlock(Actor& a, ThreadState after) {
    owner_.store(-1, std::memory_order_relaxed);
    a.sync(SyncOp::Released, id_, 0);
    mutex_.unlock();
    a.point(after);
}

} // namespace tl
