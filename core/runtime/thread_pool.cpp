#include "core/runtime/thread_pool.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include <unistd.h>

namespace tl {

// [SECTION] Life cycle

ThreadPool::ThreadPool(int workers)
    : workers_(std::clamp(workers, 1, kMaxWorkers)), stats_(static_cast<std::size_t>(workers_)),
      spawn_begin_(static_cast<std::size_t>(workers_), 0) {
    for (int i = 0; i < workers_; ++i) stats_[static_cast<std::size_t>(i)].index = i;
}

ThreadPool::~ThreadPool() {
    shutdown(ShutdownMode::Cancel);
    // Workers hold `this`: wait until every launched one has left its loop.
    std::unique_lock lk(m_);
    cv_.wait(lk, [this] { return exited_ == launched_; });
}

void ThreadPool::start(Runtime& rt, const std::string& lane_template) {
    for (int i = 0; i < workers_; ++i) {
        {
            std::lock_guard lk(m_);
            if (launched_ > i) continue; // start() is once only
            spawn_begin_[static_cast<std::size_t>(i)] = now_ns();
            ++launched_;
        }
        const Nanos t0 = now_ns();
        const int index = i;
        rt.spawn({lane_template, i + 1}, [this, index](Actor& a) { worker_body(a, index); });
        const Nanos t1 = now_ns();
        std::lock_guard lk(m_);
        stats_[static_cast<std::size_t>(i)].spawn_ns = t1 - t0;
    }
}

void ThreadPool::shutdown(ShutdownMode mode) {
    for (Job& j : queue_.close(mode)) cancel_task(*j.state, TaskOutcome::ShutDownBeforeItRan);
}

// [SECTION] Submitting

TaskFuture ThreadPool::submit(PoolTask fn, CompletionCallback on_done) {
    auto s = std::make_shared<detail::TaskState>();
    s->result.id = next_id_.fetch_add(1, std::memory_order_relaxed) + 1;
    s->result.submitted = now_ns();
    s->on_done = std::move(on_done);
    TaskFuture f(s);
    if (!queue_.push(Job{s, std::move(fn)})) cancel_task(*s, TaskOutcome::SubmittedAfterShutdown);
    return f;
}

TaskFuture ThreadPool::submit_work(WorkItem w, CompletionCallback on_done) {
    return submit(
        [w](Actor& a, std::uint32_t id) -> std::int64_t {
            a.sleep(ms_to_ns(static_cast<double>(w.duration_ms)), ThreadState::Working, id);
            if (w.fail) throw std::runtime_error("task " + std::to_string(id) + " failed");
            return ::gettid(); // like the tutorial's os.getpid(): who ran me
        },
        std::move(on_done));
}

TaskResult ThreadPool::apply(Actor& caller, PoolTask fn, CompletionCallback on_done) {
    return submit(std::move(fn), std::move(on_done)).wait(caller);
}

// [SECTION] Workers

void ThreadPool::worker_body(Actor& a, int w) {
    struct ExitGuard {
        ThreadPool& p;
        int w;
        ~ExitGuard() { p.on_worker_exit(w); }
    } guard{*this, w};
    {
        std::lock_guard lk(m_);
        WorkerStats& st = stats_[static_cast<std::size_t>(w)];
        st.lane = a.lane();
        st.started = true;
        st.start_latency_ns = now_ns() - spawn_begin_[static_cast<std::size_t>(w)];
        ++started_;
    }
    cv_.notify_all();
    for (;;) {
        const Nanos free_since = now_ns();
        a.point(ThreadState::Blocked); // waiting for a task
        std::optional<Job> job = queue_.take(a);
        if (!job) return; // shut down and drained
        run(a, w, *job, free_since);
    }
}

void ThreadPool::run(Actor& a, int w, Job& job, Nanos free_since) {
    busy_.fetch_add(1, std::memory_order_relaxed);
    TaskResult r;
    {
        std::lock_guard lk(job.state->m);
        r = job.state->result; // id, submit time
    }
    r.worker = w;
    try {
        const Nanos released = gate_.pass(a); // a hold at the gate is not the hand-off's cost
        r.started = now_ns();
        r.handoff = r.started - std::max({r.submitted, free_since, released});
        a.point(ThreadState::Working, r.id);
        r.value = job.fn(a, r.id);
        r.outcome = TaskOutcome::Ok;
    } catch (const ActorStopped&) {
        r.outcome = TaskOutcome::StoppedWhileRunning;
        r.finished = now_ns();
        busy_.fetch_sub(1, std::memory_order_relaxed);
        job.state->complete(std::move(r));
        throw;
    } catch (const std::exception& ex) {
        r.outcome = TaskOutcome::Failed;
        r.error = ex.what();
    } catch (...) {
        r.outcome = TaskOutcome::Failed;
        r.error = "unknown exception";
    }
    r.finished = now_ns();
    {
        std::lock_guard lk(m_);
        ++stats_[static_cast<std::size_t>(w)].tasks_served;
    }
    busy_.fetch_sub(1, std::memory_order_relaxed);
    job.state->complete(std::move(r));
}

void ThreadPool::on_worker_exit(int w) {
    // Leaving because of a stop: nobody will run what is queued, so cancel it now (and refuse
    // later submits) rather than leave futures pending forever.
    if (!queue_.closed() || queue_.size() > 0)
        for (Job& j : queue_.close(ShutdownMode::Cancel)) cancel_task(*j.state, TaskOutcome::PoolStopped);
    // Notify under the lock: the moment exited_ == launched_ the destructor may destroy cv_, so
    // this worker must be done with it before the lock is released.
    std::lock_guard lk(m_);
    stats_[static_cast<std::size_t>(w)].exited = true;
    ++exited_;
    cv_.notify_all();
}

// [SECTION] Waiting and stats

template <class Pred> bool ThreadPool::wait_state(Actor* a, std::chrono::nanoseconds timeout, Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lk(m_);
    while (!pred()) {
        if (a && a->stop_requested()) throw ActorStopped{};
        if (!a && std::chrono::steady_clock::now() >= deadline) return false;
        cv_.wait_for(lk, std::chrono::milliseconds(2));
    }
    return true;
}

bool ThreadPool::wait_ready(Actor& a) {
    return wait_state(&a, {}, [this] { return started_ == workers_; });
}
bool ThreadPool::wait_ready_for(std::chrono::nanoseconds timeout) {
    return wait_state(nullptr, timeout, [this] { return started_ == workers_; });
}
void ThreadPool::wait_stopped(Actor& a) {
    wait_state(&a, {}, [this] { return exited_ == launched_; });
}
bool ThreadPool::wait_stopped_for(std::chrono::nanoseconds timeout) {
    return wait_state(nullptr, timeout, [this] { return exited_ == launched_; });
}

std::vector<WorkerStats> ThreadPool::worker_stats() const {
    std::lock_guard lk(m_);
    return stats_;
}

int ThreadPool::distinct_workers() const {
    std::lock_guard lk(m_);
    return static_cast<int>(std::count_if(stats_.begin(), stats_.end(), [](const WorkerStats& s) { return s.tasks_served > 0; }));
}

std::vector<Nanos> ThreadPool::start_costs() const {
    std::lock_guard lk(m_);
    std::vector<Nanos> out;
    for (const WorkerStats& w : stats_)
        if (w.started) out.push_back(w.start_latency_ns);
    return out;
}

} // namespace tl
