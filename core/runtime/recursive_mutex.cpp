#include "core/runtime/recursive_mutex.hpp"

namespace tl {

// The first hold goes through the inner mutex (which records Acquired with value 1); further
// holds only count and record Acquired with the new count. Each is one event (the bookkeeping
// and the lane's HoldLock state together), through the scheduling point once.
bool RecursiveMutex::relock(Actor& a, OpKind kind) {
    if (inner_.owner() != a.lane()) return false;
    a.step({kind, Resource::Lock, id()});
    const int n = holds_.load(std::memory_order_relaxed) + 1;
    holds_.store(n, std::memory_order_relaxed);
    a.point(SyncOp::Acquired, id(), ThreadState::HoldLock, n);
    return true;
}

void RecursiveMutex::lock(Actor& a) {
    if (relock(a, OpKind::Lock)) return;
    inner_.lock(a);
    holds_.store(1, std::memory_order_relaxed);
}

bool RecursiveMutex::try_lock(Actor& a) {
    if (relock(a, OpKind::TryLock)) return true;
    if (!inner_.try_lock(a)) return false;
    holds_.store(1, std::memory_order_relaxed);
    return true;
}

void RecursiveMutex::unlock(Actor& a, ThreadState after) {
    const int n = holds_.load(std::memory_order_relaxed) - 1;
    if (n > 0) {
        a.step_or_proceed({OpKind::Unlock, Resource::Lock, id()});
        holds_.store(n, std::memory_order_relaxed);
        a.point(SyncOp::Released, id(), ThreadState::HoldLock, n);
        return;
    }
    holds_.store(0, std::memory_order_relaxed);
    inner_.unlock(a, after);
}

} // namespace tl
