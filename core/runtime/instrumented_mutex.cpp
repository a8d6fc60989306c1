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

bool InstrumentedMutex::acquire_slow(Actor& a, const std::atomic<bool>* give_up) {
    // Only this thread stores its own lane into owner_, so this read is exact for "do I hold it".
    const bool self = owner() == a.lane();
    if (!self && mutex_.try_lock()) {
        on_acquired(a);
        return true;
    }
    // A wait is recorded only when there is one: one event, WaitBegin + WaitLock.
    a.point(SyncOp::WaitBegin, id_, ThreadState::WaitLock);
    for (;;) {
        if (self) {
            std::this_thread::sleep_for(kStopPoll); // self-deadlock: nothing can ever release it
        } else if (timed_try_lock(mutex_)) {
            break;
        }
        if (a.stop_requested()) {
            a.sync(SyncOp::WaitAbandoned, id_); // the runtime puts the lane into Idle next
            throw ActorStopped{};
        }
        if (give_up && give_up->load(std::memory_order_relaxed)) {
            a.point(SyncOp::WaitAbandoned, id_, ThreadState::Running);
            return false;
        }
    }
    on_acquired(a);
    return true;
}

bool InstrumentedMutex::lock_or_give_up(Actor& a, const std::atomic<bool>& give_up) {
    if (a.controlled()) return lock_controlled(a, &give_up);
    return acquire_slow(a, &give_up);
}

bool InstrumentedMutex::lock_controlled(Actor& a, const std::atomic<bool>* give_up) {
    a.step({OpKind::Lock, Resource::Lock, id_});
    // Only the running actor touches the mutex, so "free" is exact and try_lock cannot fail.
    if (owner() == -1 && mutex_.try_lock()) {
        on_acquired(a);
        return true;
    }
    a.point(SyncOp::WaitBegin, id_, ThreadState::WaitLock);
    const auto can_move = [this, give_up] {
        return owner() == -1 || (give_up && give_up->load(std::memory_order_relaxed));
    };
    try {
        a.step({OpKind::WaitLock, Resource::Lock, id_}, can_move);
    } catch (const ActorStopped&) {
        a.sync(SyncOp::WaitAbandoned, id_);
        throw;
    }
    if (owner() == -1 && mutex_.try_lock()) {
        on_acquired(a);
        return true;
    }
    a.point(SyncOp::WaitAbandoned, id_, ThreadState::Running); // given up (a broken deadlock)
    return false;
}

} // namespace tl
