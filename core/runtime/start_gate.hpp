// The start gate both pools (ThreadPool, ProcessPool) share, for deterministic tests and demos:
// while it is closed, a worker that has taken a task holds it (cancellably) before running it,
// so n tasks at the gate are n distinct busy workers. Open releases them all.
//
//   gate.close();
//   ... submit n tasks ...
//   gate.wait_held_for(n, 1s);   // n workers each hold one
//   gate.open();
//   // in a worker, before running a task:
//   const Nanos released = gate.pass(actor); // 0 when it did not hold
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "core/runtime/runtime.hpp"

namespace tl {

class StartGate {
public:
    void close();
    void open();
    /// Workers holding a task at the gate right now.
    int held() const;
    /// Waits until n workers hold a task at the gate; false on timeout.
    bool wait_held_for(int n, std::chrono::nanoseconds timeout);
    /// The same on an actor (cancellable: throws ActorStopped on a stop request).
    void wait_held(Actor& a, int n);
    /// Holds while the gate is closed (cancellable). Returns when it let the caller through, or 0
    /// when the gate was open and it did not hold.
    Nanos pass(Actor& a);

private:
    mutable std::mutex m_;
    std::condition_variable cv_;
    bool closed_ = false;
    int held_ = 0;
};

} // namespace tl
