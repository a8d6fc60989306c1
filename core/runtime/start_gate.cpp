#include "core/runtime/start_gate.hpp"

namespace tl {

void StartGate::close() {
    std::lock_guard lk(m_);
    closed_ = true;
}

void StartGate::open() {
    {
        std::lock_guard lk(m_);
        closed_ = false;
    }
    cv_.notify_all();
}

int StartGate::held() const {
    std::lock_guard lk(m_);
    return held_;
}

bool StartGate::wait_held_for(int n, std::chrono::nanoseconds timeout) {
    std::unique_lock lk(m_);
    return cv_.wait_for(lk, timeout, [&] { return held_ >= n; });
}

void StartGate::wait_held(Actor& a, int n) {
    std::unique_lock lk(m_);
    while (held_ < n) {
        if (a.stop_requested()) throw ActorStopped{};
        cv_.wait_for(lk, std::chrono::milliseconds(2));
    }
}

Nanos StartGate::pass(Actor& a) {
    std::unique_lock lk(m_);
    if (!closed_) return 0;
    ++held_;
    cv_.notify_all();
    while (closed_) {
        if (a.stop_requested()) {
            --held_;
            throw ActorStopped{};
        }
        cv_.wait_for(lk, std::chrono::milliseconds(2));
    }
    --held_;
    return now_ns();
}

} // namespace tl
