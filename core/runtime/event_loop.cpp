#include "core/runtime/event_loop.hpp"

#include <algorithm>

namespace tl {

void CoTask::promise_type::Final::await_suspend(std::coroutine_handle<promise_type> h) noexcept {
    // Suspended for good: the loop destroys the frame when it goes.
    h.promise().loop->finished(h.promise().id);
}

EventLoop::~EventLoop() {
    for (Frame& f : frames_)
        if (f.h) f.h.destroy();
}

int EventLoop::spawn(CoTask t) {
    const int id = static_cast<int>(frames_.size());
    CoTask::Handle h = t.release();
    h.promise().loop = this;
    h.promise().id = id;
    frames_.push_back({h, false});
    ++unfinished_;
    make_ready(id, hooks_.now());
    return id;
}

void EventLoop::make_ready(int id, Nanos ts) {
    ready_.push_back(id);
    if (hooks_.on_state) hooks_.on_state(id, CoState::Ready, ts);
}

void EventLoop::Sleep::await_suspend(std::coroutine_handle<> /*h*/) {
    const Nanos now = loop.hooks_.now();
    loop.timers_.push({now + d, loop.seq_++, loop.current_});
    if (loop.hooks_.on_state) loop.hooks_.on_state(loop.current_, CoState::Suspended, now);
}

bool EventLoop::Gather::await_ready() const {
    return std::all_of(ids.begin(), ids.end(), [this](int id) { return loop.done(id); });
}

void EventLoop::Gather::await_suspend(std::coroutine_handle<> /*h*/) {
    loop.waiters_.push_back({loop.current_, ids});
    if (loop.hooks_.on_state) loop.hooks_.on_state(loop.current_, CoState::Suspended, loop.hooks_.now());
}

void EventLoop::finished(int id) {
    frames_[static_cast<std::size_t>(id)].done = true;
    --unfinished_;
    const Nanos now = hooks_.now();
    if (hooks_.on_state) hooks_.on_state(id, CoState::Done, now);
    // Whoever gathered it and now has all it waited for can go on.
    for (auto it = waiters_.begin(); it != waiters_.end();) {
        if (std::all_of(it->on.begin(), it->on.end(), [this](int w) { return done(w); })) {
            const int w = it->id;
            it = waiters_.erase(it);
            make_ready(w, now);
        } else {
            ++it;
        }
    }
}

void EventLoop::fire_timers() {
    const Nanos now = hooks_.now();
    while (!timers_.empty() && timers_.top().deadline <= now) {
        const Timer t = timers_.top();
        timers_.pop();
        // Ready since its deadline: a loop that was busy (or blocked) saw it late, and the
        // lateness is what the picture should show.
        make_ready(t.id, t.deadline);
    }
}

void EventLoop::run() {
    while (unfinished_ > 0) {
        fire_timers();
        if (ready_.empty()) {
            if (timers_.empty()) return; // nothing can ever wake: every coroutine waits on another
            hooks_.wait_until(timers_.top().deadline);
            continue;
        }
        const int id = ready_.front();
        ready_.pop_front();
        current_ = id;
        if (hooks_.on_state) hooks_.on_state(id, CoState::Running, hooks_.now());
        frames_[static_cast<std::size_t>(id)].h.resume(); // until its next await (or its end)
        current_ = -1;
    }
}

} // namespace tl
