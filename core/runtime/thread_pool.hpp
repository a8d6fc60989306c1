// An instrumented thread pool: 1-32 workers, each a Runtime actor with its own lane
// ("Worker 1", ...), serving tasks from one FIFO queue. Every task is drawn on its worker's lane
// as a Working span whose object is the task id, so reuse is visible at a glance.
//
//   ThreadPool pool(5);
//   pool.start(rt);                                   // spawns "Worker 1".."Worker 5"
//   TaskFuture f = pool.submit([](Actor& a, std::uint32_t id) {
//       a.sleep(ms_to_ns(10), ThreadState::Working, id); // cancellable work
//       return std::int64_t{42};
//   });
//   f.wait(main_actor).value;                         // 42 (r.outcome Failed, r.error its what(), if it threw)
//   pool.shutdown(ShutdownMode::Wait);                // queued tasks still run, then workers leave
//
// A task that throws: its what() lands in its result's error and the worker moves on. On a stop
// request the workers leave within a few ms; queued tasks are cancelled.
// Lifetime: start() must be called from the thread that owns the Runtime (like every spawn); the
// pool must outlive its workers (the destructor cancels and waits for them to leave).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/runtime/executor.hpp"

namespace tl {

/// A task body: runs on a worker, gets its actor (for cancellable sleeps and waits) and its id.
using PoolTask = std::function<std::int64_t(Actor&, std::uint32_t id)>;

/// What one worker did, for the reuse table.
struct WorkerStats {
    int index = 0;             ///< 0-based; shown as "Worker index+1"
    LaneId lane = 0;
    int tasks_served = 0;
    Nanos spawn_ns = 0;        ///< how long the spawn call (thread creation) took
    Nanos start_latency_ns = 0; ///< spawn call began -> worker body running (0 until started)
    bool started = false;
    bool exited = false;
};

class ThreadPool final : public Executor {
public:
    static constexpr int kMaxWorkers = 32;

    /// workers is clamped to 1..kMaxWorkers. No thread starts until start().
    explicit ThreadPool(int workers);
    ThreadPool(Runtime& rt, int workers, const std::string& lane_template = "Worker {1}") : ThreadPool(workers) {
        start(rt, lane_template);
    }
    /// Cancels what is queued and waits for every worker to leave (running tasks finish first).
    ~ThreadPool() override;
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    /// Spawns the workers on rt, lanes "<prefix> 1".."<prefix> N". Once only.
    void start(Runtime& rt, const std::string& lane_template = "Worker {1}") override;

    /// Async submit: queues the task and returns at once. After shutdown the future is already
    /// cancelled (SubmittedAfterShutdown) and the callback has run.
    TaskFuture submit(PoolTask fn, CompletionCallback on_done = {});
    /// A WorkItem as a task: a cancellable sleep on the worker's lane; returns the thread id.
    TaskFuture submit_work(WorkItem w, CompletionCallback on_done = {}) override;
    /// Sync submit (apply): queues the task and waits for its result on the caller's actor.
    TaskResult apply(Actor& caller, PoolTask fn, CompletionCallback on_done = {});

    /// See ShutdownMode. Non-blocking; wait_stopped() waits for the workers to leave.
    void shutdown(ShutdownMode mode) override;

    /// Waits until every worker is running and ready for tasks (cancellable). Always true.
    bool wait_ready(Actor& a) override;
    bool wait_ready_for(std::chrono::nanoseconds timeout) override;
    /// Waits until every started worker has left its loop (after shutdown or stop).
    void wait_stopped(Actor& a) override;
    bool wait_stopped_for(std::chrono::nanoseconds timeout) override;

    // The start gate: close_gate(), open_gate(), at_gate(), wait_at_gate...() (see Executor).

    int size() const override { return workers_; }
    std::size_t queued() const override { return queue_.size(); }
    /// Each started worker's start_latency_ns.
    std::vector<Nanos> start_costs() const override;
    int busy() const { return busy_.load(std::memory_order_relaxed); }
    std::vector<WorkerStats> worker_stats() const;
    /// Workers that ran at least one task.
    int distinct_workers() const;

private:
    struct Job {
        std::shared_ptr<detail::TaskState> state;
        PoolTask fn;
    };
    void worker_body(Actor& a, int w);
    void run(Actor& a, int w, Job& job, Nanos free_since);
    void on_worker_exit(int w);
    template <class Pred> bool wait_state(Actor* a, std::chrono::nanoseconds timeout, Pred pred);

    const int workers_;
    TaskQueue<Job> queue_;
    std::atomic<std::uint32_t> next_id_{0};
    std::atomic<int> busy_{0};

    mutable std::mutex m_; // guards stats_, launched_, started_, exited_
    std::condition_variable cv_;
    std::vector<WorkerStats> stats_;
    std::vector<Nanos> spawn_begin_;
    int launched_ = 0, started_ = 0, exited_ = 0;
};

} // namespace tl
