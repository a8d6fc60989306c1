// A barrier actors can wait on without blocking a stop. The last to arrive runs the completion
// (on its own thread, before anyone is released), then the barrier resets for the next phase.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>

#include "core/runtime/runtime.hpp"

namespace tl {

class ActorBarrier {
public:
    explicit ActorBarrier(int count, std::function<void()> on_complete = {})
        : count_(count), on_complete_(std::move(on_complete)) {}

    /// Waits for all `count` actors; throws ActorStopped if a stop comes first.
    void arrive_and_wait(Actor& a);

private:
    std::mutex m_;
    std::condition_variable cv_;
    int count_;
    int arrived_ = 0;
    unsigned long phase_ = 0;
    std::function<void()> on_complete_;
};

} // namespace tl
