// A generator that is sent values, as in Python's `item = yield reply`: the oldest form of
// coroutine. The caller resumes it by hand and it runs on the caller's thread until its next
// co_yield (no loop involved):
//
//   SendGenerator consumer() { std::int64_t reply = 0; for (;;) { auto item = co_yield reply; reply = item * 10; } }
//   SendGenerator c = consumer();
//   c.start();          // next(c): runs to the first co_yield
//   c.send(3);          // resumes it with 3; returns the next reply, 30
#pragma once
#include <coroutine>
#include <cstdint>
#include <utility>

namespace tl {

class SendGenerator {
public:
    struct promise_type {
        std::int64_t reply = 0; // what the last co_yield handed out
        std::int64_t sent = 0;  // what the last send() handed in
        SendGenerator get_return_object() {
            return SendGenerator(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        struct Yield {
            promise_type& p;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<>) const noexcept {}
            std::int64_t await_resume() const noexcept { return p.sent; }
        };
        Yield yield_value(std::int64_t r) noexcept {
            reply = r;
            return Yield{*this};
        }
        void return_void() {}
        void unhandled_exception() { throw; } // out of send(), to the caller
    };
    using Handle = std::coroutine_handle<promise_type>;

    SendGenerator(SendGenerator&& o) noexcept : h_(std::exchange(o.h_, {})) {}
    SendGenerator& operator=(SendGenerator&&) = delete;
    ~SendGenerator() {
        if (h_) h_.destroy();
    }

    /// next(): runs the generator to its first co_yield; returns what it yielded.
    std::int64_t start() { return send(0); }
    /// Resumes the generator with `v` (the value of its co_yield) and runs it to the next one.
    std::int64_t send(std::int64_t v) {
        h_.promise().sent = v;
        h_.resume();
        return h_.promise().reply;
    }
    bool done() const { return h_.done(); }

private:
    explicit SendGenerator(Handle h) : h_(h) {}
    Handle h_;
};

} // namespace tl
