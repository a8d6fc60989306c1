// What the thread pool and the process pool share, so a demo drives either through one
// interface: start the workers, submit work, shut down, wait, the start gate, what starting a
// worker cost. What only one of them has (ThreadPool's arbitrary task functions, ProcessPool's
// pids, kills and worker events) stays on the concrete class.
//
//   std::unique_ptr<Executor> ex = std::make_unique<ProcessPool>(5);
//   ex->start(rt, "Process");
//   TaskFuture f = ex->submit_work({.duration_ms = 100});   // ok: returns who ran it
//   ex->shutdown(ShutdownMode::Wait);
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/runtime/start_gate.hpp"
#include "core/runtime/task_future.hpp"

namespace tl {

/// A demonstration task: works duration_ms (stretched by the runtime's slow motion), then
/// returns the id of who ran it (thread id or pid), or fails with "task <id> failed".
struct WorkItem {
    std::int64_t duration_ms = 0;
    bool fail = false;
};

class Executor {
public:
    virtual ~Executor() = default;

    /// Spawns the workers on rt (lanes named by the template, "Worker {1}": 1..N). Once only; call from the
    /// thread that owns rt.
    virtual void start(Runtime& rt, const std::string& lane_template) = 0;
    virtual TaskFuture submit_work(WorkItem w, CompletionCallback on_done = {}) = 0;
    /// Submits and waits for the result on the caller's actor (cancellable).
    TaskResult apply_work(Actor& caller, WorkItem w, CompletionCallback on_done = {}) {
        return submit_work(w, std::move(on_done)).wait(caller);
    }
    /// See ShutdownMode. Non-blocking; wait_stopped() waits for the workers to leave.
    virtual void shutdown(ShutdownMode mode) = 0;

    /// Waits until every worker is ready for tasks (or, process pool, has given up starting).
    /// True when every one is ready. Cancellable.
    virtual bool wait_ready(Actor& a) = 0;
    virtual bool wait_ready_for(std::chrono::nanoseconds timeout) = 0;
    /// Waits until every started worker has left (after shutdown or stop).
    virtual void wait_stopped(Actor& a) = 0;
    virtual bool wait_stopped_for(std::chrono::nanoseconds timeout) = 0;

    virtual int size() const = 0;
    virtual std::size_t queued() const = 0;
    /// What starting each worker that started cost, from asking for it to its code running
    /// (a thread: spawn call -> body running; a process: posix_spawn -> it said "ready").
    virtual std::vector<Nanos> start_costs() const = 0;

    /// The start gate (see start_gate.hpp): while it is closed, a worker that has taken a task
    /// holds it before running it. The hold counts in the task's dispatch time (submit to
    /// start), not in its hand-off time.
    void close_gate() { gate_.close(); }
    void open_gate() { gate_.open(); }
    int at_gate() const { return gate_.held(); }
    /// Waits until n workers hold a task at the gate; false on timeout.
    bool wait_at_gate_for(int n, std::chrono::nanoseconds timeout) { return gate_.wait_held_for(n, timeout); }
    /// The same on an actor (cancellable).
    void wait_at_gate(Actor& a, int n) { gate_.wait_held(a, n); }

protected:
    StartGate gate_;
};

} // namespace tl
