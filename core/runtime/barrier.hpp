// A barrier actors can wait on without blocking a stop. The last to arrive runs the completion
// (on its own thread, before anyone is released), then the barrier resets for the next phase.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "core/runtime/runtime.hpp"

namespace tl {

class ActorBarrier {
public:
    /// `id` names it to a controlled scheduler (unique among the demo's barriers).
    explicit ActorBarrier(int count, std::function<void()> on_complete = {}, std::uint32_t id = 0)
        : id_(id), count_(count), on_complete_(std::move(on_complete)) {}

    /// Waits for all `count` actors; throws ActorStopped if a stop comes first.
    void arrive_and_wait(Actor& a);

private:
    /// Controlled: an Arrive step, then (unless last) a Leave step offered once all have come.
    void arrive_and_wait_controlled(Actor& a);
    std::uint32_t id_;
    std::atomic<unsigned long> phase_seen_{0}; ///< phase_, readable by the scheduler's question
    std::mutex m_;
    std::condition_variable cv_;
    int count_;
    int arrived_ = 0;
    unsigned long phase_ = 0;
    std::function<void()> on_complete_;
};

} // namespace tl
