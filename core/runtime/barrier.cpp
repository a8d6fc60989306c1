#include "core/runtime/barrier.hpp"

#include <chrono>

namespace tl {

void ActorBarrier::arrive_and_wait(Actor& a) {
    std::unique_lock lk(m_);
    const unsigned long phase = phase_;
    if (++arrived_ == count_) {
        if (on_complete_) on_complete_();
        arrived_ = 0;
        ++phase_;
        cv_.notify_all();
        return;
    }
    while (phase_ == phase) {
        cv_.wait_for(lk, std::chrono::milliseconds(2));
        if (phase_ == phase && a.stop_requested()) {
            --arrived_;
            throw ActorStopped{};
        }
    }
}

} // namespace tl
