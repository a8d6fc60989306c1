#include "core/runtime/task_future.hpp"

#include <stdexcept>

namespace tl {

// [SECTION] TaskState

void detail::TaskState::complete(TaskResult r) {
    // The callback sees the final result before any waiter does, so "future ready" also means
    // "callback done": a gatherer never races its own callback.
    if (on_done) {
        try {
            on_done(r);
        } catch (...) {
            // A callback's failure must not take a worker down with it.
        }
    }
    {
        std::lock_guard lk(m);
        result = std::move(r);
        ready = true;
    }
    cv.notify_all();
}

void cancel_task(detail::TaskState& s, TaskOutcome why) {
    TaskResult r;
    {
        std::lock_guard lk(s.m);
        if (s.ready) return;
        r = s.result; // id and submit time
    }
    r.outcome = why;
    r.error.clear();
    r.finished = now_ns();
    s.complete(std::move(r));
}

// [SECTION] Outcomes

const char* outcome_key(TaskOutcome o) {
    switch (o) {
    case TaskOutcome::Pending: return "pending";
    case TaskOutcome::Ok: return "ok";
    case TaskOutcome::Failed: return "failed";
    case TaskOutcome::WorkerDied: return "worker-died";
    case TaskOutcome::BadReply: return "bad-reply";
    case TaskOutcome::StoppedWhileRunning: return "cancelled-stopped-while-running";
    case TaskOutcome::ShutDownBeforeItRan: return "cancelled-shut-down-before-it-ran";
    case TaskOutcome::SubmittedAfterShutdown: return "cancelled-submitted-after-shutdown";
    case TaskOutcome::PoolStopped: return "cancelled-pool-stopped";
    case TaskOutcome::NoWorkerProcessLeft: return "cancelled-no-worker-process-left";
    }
    return "?";
}

std::string task_error_english(const TaskResult& r) {
    switch (r.outcome) {
    case TaskOutcome::Ok: return {};
    case TaskOutcome::Pending: return "not finished";
    case TaskOutcome::Failed: return r.error;
    case TaskOutcome::WorkerDied: return "worker process pid " + std::to_string(r.pid) + " died while running it";
    case TaskOutcome::BadReply: return "bad reply from worker process: \"" + r.error + "\"";
    case TaskOutcome::StoppedWhileRunning:
        return r.pid > 0 ? "cancelled: stopped while running (worker process killed)" : "cancelled: stopped while running";
    case TaskOutcome::ShutDownBeforeItRan: return "cancelled: pool shut down before it ran";
    case TaskOutcome::SubmittedAfterShutdown: return "cancelled: pool is shut down";
    case TaskOutcome::PoolStopped: return "cancelled: pool stopped";
    case TaskOutcome::NoWorkerProcessLeft: return "cancelled: no worker process left";
    }
    return "?";
}

// [SECTION] TaskFuture

std::uint32_t TaskFuture::id() const {
    std::lock_guard lk(s_->m);
    return s_->result.id;
}

bool TaskFuture::ready() const {
    std::lock_guard lk(s_->m);
    return s_->ready;
}

const TaskResult& TaskFuture::wait(Actor& a) const {
    std::unique_lock lk(s_->m);
    if (!s_->ready) {
        const std::uint32_t id = s_->result.id;
        lk.unlock();
        a.point(ThreadState::Sleeping, id);
        lk.lock();
        while (!s_->ready) {
            if (a.stop_requested()) throw ActorStopped{};
            s_->cv.wait_for(lk, std::chrono::milliseconds(2));
        }
        lk.unlock();
        a.point(ThreadState::Running);
    }
    return s_->result; // immutable once ready
}

bool TaskFuture::wait_for(std::chrono::nanoseconds timeout) const {
    std::unique_lock lk(s_->m);
    return s_->cv.wait_for(lk, timeout, [this] { return s_->ready; });
}

const TaskResult& TaskFuture::get() const {
    std::lock_guard lk(s_->m);
    if (!s_->ready) throw std::logic_error("TaskFuture::get: task " + std::to_string(s_->result.id) + " not ready");
    return s_->result;
}

} // namespace tl
