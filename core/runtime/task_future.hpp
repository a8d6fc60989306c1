// What the pools (ThreadPool, ProcessPool) hand back for each task: a result, a future that
// waits for it without ever blocking a stop, and the queue both pools share.
//
//   TaskFuture f = pool.submit(...);
//   const TaskResult& r = f.wait(actor);          // cancellable: throws ActorStopped on stop
//   if (!r.ok()) std::puts(task_error_english(r).c_str());
//   bool done = f.wait_for(std::chrono::seconds(1)); // from any thread (tests, the UI)
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/runtime/runtime.hpp"

namespace tl {

/// How a pool shuts down. Both are non-blocking: the workers leave when their part is done.
enum class ShutdownMode {
    Wait,   ///< every queued task still runs, then the workers leave
    Cancel, ///< queued tasks are cancelled at once (their futures resolve, cancelled); running ones finish
};

/// How a task ended, as a fact: the UI words it in its language, the command line in English
/// (task_error_english).
enum class TaskOutcome : std::uint8_t {
    Pending,                ///< not finished yet (never seen in a ready future)
    Ok,                     ///< ran and returned normally
    Failed,                 ///< the task failed (threw): `error` holds its message, the task's own text
    WorkerDied,             ///< process pool: its worker process died while running it (`pid`)
    BadReply,               ///< process pool: the worker's reply was unreadable (`error`: the reply)
    // Cancelled:
    StoppedWhileRunning,    ///< the run was stopped while it ran (process pool: its worker killed)
    ShutDownBeforeItRan,    ///< shutdown(Cancel) while it was queued
    SubmittedAfterShutdown, ///< submitted to a pool already shut down
    PoolStopped,            ///< the workers left on a stop while it was queued
    NoWorkerProcessLeft,    ///< process pool: no worker process could be started to run it
};

/// True for the outcomes where the task was cancelled (never ran, or was stopped while running).
constexpr bool is_cancellation(TaskOutcome o) { return o >= TaskOutcome::StoppedWhileRunning; }
/// A stable id for the outcome ("ok", "failed", "worker-died", "cancelled-pool-stopped", ...): JSON.
const char* outcome_key(TaskOutcome o);

/// One task's outcome. Times are now_ns() values (the recorder's clock).
struct TaskResult {
    std::uint32_t id = 0;   ///< 1-based submission number; also the timeline span's object
    TaskOutcome outcome = TaskOutcome::Pending;
    /// Failed: what the task threw (the task's own text, shown as is); BadReply: the reply line.
    /// Empty for every other outcome: the cause is `outcome`.
    std::string error;
    /// Ran and returned normally.
    bool ok() const { return outcome == TaskOutcome::Ok; }
    /// Never ran (shutdown cancel, a stop) or was stopped while running.
    bool cancelled() const { return is_cancellation(outcome); }
    std::int64_t value = 0; ///< what the task returned
    int worker = -1;        ///< 0-based worker index in its pool; -1 if it never ran
    std::int64_t pid = 0;   ///< process pool: the worker process that ran it
    Nanos submitted = 0, started = 0, finished = 0;
    /// started minus the later of "submitted" and "its worker became free": the hand-off's own
    /// cost, without the time the task spent queued behind others.
    Nanos handoff = 0;
    /// Dispatch latency: submitted -> started, queueing included (0 if it never started).
    Nanos dispatch_ns() const { return started > 0 ? started - submitted : 0; }
};

/// Called exactly once per task with its final result (cancelled tasks included), on the thread
/// that completed it (a worker, or whoever cancelled it), before the future becomes ready.
/// Must not throw: a throwing callback is ignored so the pool keeps working.
using CompletionCallback = std::function<void(const TaskResult&)>;

namespace detail {
/// The state a future shares with its pool.
struct TaskState {
    std::mutex m;
    std::condition_variable cv;
    bool ready = false;
    TaskResult result;
    CompletionCallback on_done;
    /// Runs the callback, then publishes the result and wakes every waiter.
    void complete(TaskResult r);
};
} // namespace detail

/// A handle on one submitted task. Copyable; every copy sees the same result.
class TaskFuture {
public:
    TaskFuture() = default;
    explicit TaskFuture(std::shared_ptr<detail::TaskState> s) : s_(std::move(s)) {}

    bool valid() const { return s_ != nullptr; }
    std::uint32_t id() const;
    bool ready() const;
    /// Waits for the result on an actor thread; the lane shows Thinking (object = task id) while
    /// it waits. Re-checks the stop flag every 2 ms and throws ActorStopped.
    const TaskResult& wait(Actor& a) const;
    /// Waits up to `timeout` from any thread; false if still not ready.
    bool wait_for(std::chrono::nanoseconds timeout) const;
    /// The result; throws std::logic_error if not ready yet.
    const TaskResult& get() const;

private:
    std::shared_ptr<detail::TaskState> s_;
};

/// The queue both pools share: FIFO, cancellable take, the two shutdown modes.
/// Job must have a member `std::shared_ptr<detail::TaskState> state`.
template <class Job> class TaskQueue {
public:
    /// False (job untouched) once the queue is closed.
    bool push(Job job) {
        {
            std::lock_guard lk(m_);
            if (closed_) return false;
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
        return true;
    }

    enum class Take { Got, Closed, Timeout };
    /// Waits up to max_wait for a job (into out). Closed: the queue is closed and empty.
    /// Re-checks the stop flag every 2 ms and throws ActorStopped.
    Take take_for(Actor& a, std::chrono::nanoseconds max_wait, std::optional<Job>& out) {
        const auto deadline = std::chrono::steady_clock::now() + max_wait;
        std::unique_lock lk(m_);
        while (jobs_.empty()) {
            if (closed_) return Take::Closed;
            if (a.stop_requested()) throw ActorStopped{};
            if (std::chrono::steady_clock::now() >= deadline) return Take::Timeout;
            cv_.wait_for(lk, std::chrono::milliseconds(2));
        }
        out.emplace(std::move(jobs_.front()));
        jobs_.pop_front();
        return Take::Got;
    }
    /// Waits for a job; nullopt when the queue is closed and empty. Throws ActorStopped on stop.
    std::optional<Job> take(Actor& a) {
        std::optional<Job> out;
        while (take_for(a, std::chrono::hours(1), out) == Take::Timeout) {
        }
        return out;
    }

    /// Closes the queue. Cancel: returns the jobs that were still queued, for the caller to
    /// complete outside the lock. Wait: returns nothing; takers drain the rest first.
    std::vector<Job> close(ShutdownMode mode) {
        std::vector<Job> out;
        {
            std::lock_guard lk(m_);
            closed_ = true;
            if (mode == ShutdownMode::Cancel) out = drain_locked();
        }
        cv_.notify_all();
        return out;
    }
    /// Removes every queued job (stop: nobody is left to run them).
    std::vector<Job> drain() {
        std::lock_guard lk(m_);
        return drain_locked();
    }

    bool closed() const {
        std::lock_guard lk(m_);
        return closed_;
    }
    std::size_t size() const {
        std::lock_guard lk(m_);
        return jobs_.size();
    }

private:
    std::vector<Job> drain_locked() {
        std::vector<Job> out(std::make_move_iterator(jobs_.begin()), std::make_move_iterator(jobs_.end()));
        jobs_.clear();
        return out;
    }
    mutable std::mutex m_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool closed_ = false;
};

/// Completes a never-run task as cancelled for `why` (a cancellation outcome).
void cancel_task(detail::TaskState& s, TaskOutcome why);

/// Why a task did not succeed, in English, for the command line and JSON ("cancelled: pool shut
/// down before it ran", "worker process pid 4242 died while running it", or what it threw).
/// Empty for an Ok task.
std::string task_error_english(const TaskResult& r);

} // namespace tl
