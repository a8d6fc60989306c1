#include "core/runtime/barrier.hpp"

#include <chrono>

namespace tl {

void ActorBarrier::arrive_and_wait_controlled(Actor& a) {
    a.step({OpKind::Arrive, Resource::Barrier, id_});
    unsigned long phase = 0;
    {
        std::lock_guard lk(m_);
        phase = phase_;
        if (++arrived_ == count_) {
            if (on_complete_) on_complete_();
            arrived_ = 0;
            phase_seen_.store(++phase_, std::memory_order_relaxed);
            return;
        }
    }
    const auto can_move = [this, phase] { return phase_seen_.load(std::memory_order_relaxed) != phase; };
    // Leaving touches nothing the others see: a local step.
    a.step({OpKind::Leave, Resource::None, id_}, can_move);
}

void ActorBarrier::arrive_and_wait(Actor& a) {
    if (a.controlled()) {
        arrive_and_wait_controlled(a);
        return;
    }
    std::unique_lock lk(m_);
    const unsigned long phase = phase_;
    if (++arrived_ == count_) {
        if (on_complete_) on_complete_();
        arrived_ = 0;
        phase_seen_.store(++phase_, std::memory_order_relaxed);
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
