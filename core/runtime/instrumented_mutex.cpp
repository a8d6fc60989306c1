#include "core/runtime/instrumented_mutex.hpp"

#include <chrono>

namespace tl {

// How often a blocked waiter re-checks the stop flag: well under the 200 ms stop budget.
constexpr auto kStopPoll = std::chrono::milliseconds(2);

void InstrumentedMutex::on_acquired(Actor& a) {
    owner_.store(a.lane(), std::memory_order_relaxed);
    a.sync(SyncOp::Acquired, id_, 1);
    a.point(ThreadState::HoldLock, id_);
}

void InstrumentedMutex::lock(Actor& a) {
    if (mutex_.try_lock()) {
        on_acquired(a);
        return;
    }
    a.sync(SyncOp::WaitBegin, id_);
    a.point(ThreadState::WaitLock, id_);
    while (!mutex_.try_lock_for(kStopPoll)) {
        if (a.stop_requested()) {
            a.sync(SyncOp::WaitAbandoned, id_);
            throw ActorStopped{};
        }
    }
    on_acquired(a);
}

bool InstrumentedMutex::try_lock(Actor& a) {
    if (!mutex_.try_lock()) return false;
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
