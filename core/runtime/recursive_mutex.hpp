// A recursive mutex: the thread that holds it may lock it again, and every lock needs its unlock.
// Its Acquired / Released events carry the hold count, so the views can show "held 2x".
// Waits are cancellable like InstrumentedMutex's (it is built on one).
//
//   RecursiveMutex m(/*id=*/1);
//   m.lock(a);  m.lock(a);   // holds() == 2 (the tutorial's RLock: noodles and fork are one lock)
//   m.unlock(a); m.unlock(a); // free again
#pragma once
#include <atomic>
#include <cstdint>

#include "core/runtime/instrumented_mutex.hpp"

namespace tl {

class RecursiveMutex {
public:
    explicit RecursiveMutex(std::uint32_t id) : inner_(id) {}

    /// Blocks until held (throws ActorStopped on stop); a re-lock by the holder just counts.
    void lock(Actor& a);
    /// Non-blocking attempt; a re-lock by the holder always succeeds.
    bool try_lock(Actor& a);
    /// Drops one hold; the last one releases the lock and puts the lane into `after`.
    void unlock(Actor& a, ThreadState after = ThreadState::Running);

    std::uint32_t id() const { return inner_.id(); }
    /// Lane of the holder, or -1.
    int owner() const { return inner_.owner(); }
    /// How many times the holder has locked it (0 when free).
    int holds() const { return holds_.load(std::memory_order_relaxed); }

private:
    bool relock(Actor& a, OpKind kind);
    InstrumentedMutex inner_;
    std::atomic<int> holds_{0}; ///< written only by the holder
};

} // namespace tl
