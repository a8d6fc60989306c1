// A small event loop for C++20 coroutines, run by one thread: a ready queue, a timer heap and
// two awaitables, sleep(d) and gather(ids). It is what asyncio's loop does, without IO:
//
//   EventLoop loop(hooks);
//   CoTask brew(EventLoop& l) { co_await l.sleep(ms_to_ns(500)); }
//   CoTask main_task(EventLoop& l) {
//       std::vector<int> ids{l.spawn(brew(l)), l.spawn(brew(l))};
//       co_await l.gather(ids);                // both wait side by side
//   }
//   loop.spawn(main_task(loop));               // id 0
//   loop.run();                                // returns when every coroutine has finished
//
// The loop knows no recorder: it reports each coroutine's state changes to its hooks (the demo
// draws them), waits through a hook (stoppable) and reads time through one (testable).
#pragma once
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "core/trace/clock.hpp"

namespace tl {

class EventLoop;

/// A coroutine's state as the loop sees it.
enum class CoState : std::uint8_t {
    Ready,     ///< in the ready queue: spawned, or what it awaited is done, waiting for its turn
    Running,   ///< the loop's thread is running it
    Suspended, ///< paused at an await (a timer, other coroutines)
    Done,      ///< returned
};

/// A coroutine the loop runs. Lazy: it starts when spawned; the loop owns its frame.
class CoTask {
public:
    struct promise_type {
        EventLoop* loop = nullptr;
        int id = -1;
        CoTask get_return_object() { return CoTask(std::coroutine_handle<promise_type>::from_promise(*this)); }
        std::suspend_always initial_suspend() noexcept { return {}; }
        struct Final {
            bool await_ready() noexcept { return false; }
            void await_suspend(std::coroutine_handle<promise_type> h) noexcept;
            void await_resume() noexcept {}
        };
        Final final_suspend() noexcept { return {}; }
        void return_void() {}
        // Rethrown out of resume() into EventLoop::run: a stop (a hook that throws) unwinds the
        // loop's thread as it would unwind a plain function.
        void unhandled_exception() { throw; }
    };
    using Handle = std::coroutine_handle<promise_type>;

    CoTask(CoTask&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    CoTask& operator=(CoTask&&) = delete;
    ~CoTask() {
        if (h_) h_.destroy(); // never spawned
    }

private:
    friend class EventLoop;
    explicit CoTask(Handle h) : h_(h) {}
    Handle release() { return std::exchange(h_, {}); }
    Handle h_;
};

struct EventLoopHooks {
    /// The clock timers are set and checked with.
    std::function<Nanos()> now = now_ns;
    /// Nothing is ready: wait until `deadline` (on this clock). May throw to stop the loop.
    std::function<void(Nanos deadline)> wait_until;
    /// Coroutine `id` entered state `s` at time `ts` (a timer's coroutine: ready since its deadline).
    std::function<void(int id, CoState s, Nanos ts)> on_state;
};

class EventLoop {
public:
    explicit EventLoop(EventLoopHooks hooks) : hooks_(std::move(hooks)) {}
    ~EventLoop(); // destroys every frame, finished or not (a stopped run)
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    /// Schedules `t` (it becomes ready) and returns its id: 0, 1, 2... in spawn order.
    int spawn(CoTask t);

    struct Sleep {
        EventLoop& loop;
        Nanos d;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h);
        void await_resume() const noexcept {}
    };
    /// `co_await loop.sleep(d)`: suspends the running coroutine for at least d.
    Sleep sleep(Nanos d) { return Sleep{*this, d}; }

    struct Gather {
        EventLoop& loop;
        std::vector<int> ids;
        bool await_ready() const;
        void await_suspend(std::coroutine_handle<> h);
        void await_resume() const noexcept {}
    };
    /// `co_await loop.gather(ids)`: suspends until every coroutine in `ids` has finished.
    Gather gather(std::vector<int> ids) { return Gather{*this, std::move(ids)}; }

    /// Runs coroutines until every one has finished. Exceptions from a hook or a coroutine
    /// propagate (the frames stay, for the destructor).
    void run();

    /// The coroutine running now (-1 between two).
    int current() const { return current_; }
    bool done(int id) const { return frames_[static_cast<std::size_t>(id)].done; }
    int size() const { return static_cast<int>(frames_.size()); }

private:
    friend struct CoTask::promise_type::Final; // tells the loop a coroutine has finished
    struct Frame {
        CoTask::Handle h;
        bool done = false;
    };
    struct Timer {
        Nanos deadline;
        std::uint64_t seq; // equal deadlines fire in the order they were set
        int id;
        bool operator>(const Timer& o) const { return deadline != o.deadline ? deadline > o.deadline : seq > o.seq; }
    };
    struct Waiter {
        int id;
        std::vector<int> on;
    };
    void make_ready(int id, Nanos ts);
    void finished(int id);
    void fire_timers();

    EventLoopHooks hooks_;
    std::vector<Frame> frames_;
    std::deque<int> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::vector<Waiter> waiters_;
    std::uint64_t seq_ = 0;
    int current_ = -1;
    int unfinished_ = 0;
};

} // namespace tl
