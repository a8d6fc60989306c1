// A pool of real worker processes: the current executable started again with posix_spawn
// (never fork from a multi-threaded process) as `<exe> pool-worker`, its stdin and stdout
// connected to pipes. Each worker process has a proxy actor in the parent (lane "Process 1", ...)
// that hands it tasks and reads the replies, so the timeline shows each task as a Working span
// (object = task id) on the lane of the process that ran it.
//
//   ProcessPool pool(5);
//   pool.start(rt);                         // spawns 5 children, one proxy lane each
//   TaskFuture f = pool.submit(100);        // a task that sleeps 100 ms in a child
//   f.wait(main_actor).pid;                 // the child's pid; the same pids come back again
//   pool.shutdown(ShutdownMode::Wait);      // children get EOF, exit, and are reaped
//
// A child that dies (crash, kill) is reported (events(): a WorkerEvent, a fact, not a sentence),
// reaped, and replaced by a new one; the task it was running ends with TaskOutcome::WorkerDied. Every child is reaped with waitpid: no zombie is left.
// Stop (the runtime's stop flag): children are killed (SIGKILL) and reaped within a few ms.
//
// The protocol (text lines over the pipes; times are CLOCK_MONOTONIC ns):
//   child  -> parent, once at start:   "ready <pid> <t>\n"
//   parent -> child, one per task:     "<id> <duration_ms> <action>\n"   action: 0 ok, 1 fail, 2 die
//   child  -> parent, per task:        "<id> <pid> ok <t_start> <t_end>\n"
//                                 or   "<id> <pid> error <t_start> <t_end> <message>\n"
//   action 2 makes the child exit (status 3) without replying: a crash, for demos and tests.
//   EOF on the child's stdin: it exits with status 0.
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/runtime/child_process.hpp"
#include "core/runtime/executor.hpp"

namespace tl {

/// The worker process's main loop: reads task lines from in_fd, writes replies to out_fd (see the
/// protocol above), returns 0 on EOF. The threadlab executable and the test binary call it as
/// `return tl::run_pool_worker(0, 1);` when argv[1] == "pool-worker" (stdin 0, stdout 1), before
/// anything else (no threads, no GUI). It ignores SIGINT: the parent decides when it ends.
int run_pool_worker(int in_fd, int out_fd);

/// The argument that turns the executable into a pool worker.
inline constexpr const char* kPoolWorkerArg = "pool-worker";

enum class ProcessAction : int { Ok = 0, Fail = 1, Die = 2 };

/// One worker slot (its lane) and the processes it has had.
struct ProcessWorkerInfo {
    int index = 0;               ///< 0-based; lane "Process index+1"
    LaneId lane = 0;
    std::int64_t pid = 0;        ///< current child, 0 if none
    std::vector<std::int64_t> pids; ///< every child this slot has started, in order
    int tasks_served = 0;        ///< by this slot, all its processes together
    int deaths = 0;              ///< children that died unexpectedly
    Nanos start_cost_ns = 0;     ///< last posix_spawn call -> child said "ready"
    Nanos spawn_call_ns = 0;     ///< last posix_spawn call alone
    bool ready = false;
    bool exited = false;         ///< the proxy left (shutdown, stop, or could not start a child)
};

/// Something that happened to a worker process: it died (and the pool replaces it), or a new one
/// could not be started. Facts only: the UI words them in its language, english() in English.
struct WorkerEvent {
    enum class Cause : std::uint8_t {
        Exited,         ///< a ready worker ended by itself: exit status in code_or_signal
        KilledBySignal, ///< a ready worker was killed: the signal in code_or_signal
        SpawnFailed,    ///< starting a new one failed: errno in code_or_signal (pid 0)
        NotReady,       ///< a new one (pid) did not say "ready": it hung, or ended (detail says how)
    };
    int slot = 0;                      ///< 0-based; lane "Process slot+1"
    std::int64_t pid = 0;              ///< the process concerned (0: none was started)
    Cause cause = Cause::Exited;
    int code_or_signal = 0;            ///< exit status, signal number or errno (see Cause)
    std::optional<std::uint32_t> task; ///< the task it was running when it died
    /// Died: the pool starts a new process in its place (always, unless a stop came first).
    bool replaced = false;
    int attempt = 0;                   ///< start failures: which attempt (1..kStartAttempts)
    std::string detail;                ///< start failures: the system's text, in English

    bool died() const { return cause == Cause::Exited || cause == Cause::KilledBySignal; }
    bool operator==(const WorkerEvent&) const = default;
};

/// The event in English ("Process 1: pid 4242 died (killed by signal 9 (SIGKILL)) while running
/// task 3; replacing it"): the command line and JSON.
std::string english(const WorkerEvent& e);
/// A stable id for the cause ("exited", "killed-by-signal", "spawn-failed", "not-ready"): JSON.
const char* cause_key(WorkerEvent::Cause c);

class ProcessPool final : public Executor {
public:
    static constexpr int kMaxWorkers = 32;
    /// How many times a slot tries to start a worker process before it gives up.
    static constexpr int kStartAttempts = 3;

    /// workers clamped to 1..kMaxWorkers. exe: what to spawn (default: this very executable).
    explicit ProcessPool(int workers, std::string exe = "/proc/self/exe");
    /// Cancels what is queued, waits for the proxies to leave (they reap their children).
    ~ProcessPool() override;
    ProcessPool(const ProcessPool&) = delete;
    ProcessPool& operator=(const ProcessPool&) = delete;

    /// Spawns the proxies (lanes "<prefix> 1".."<prefix> N"); each starts its child. Once only;
    /// call from the thread that owns rt.
    void start(Runtime& rt, const std::string& lane_template = "Process {1}") override;

    /// Queues a task that sleeps duration_ms in a child (then succeeds, fails or dies).
    TaskFuture submit(std::int64_t duration_ms, ProcessAction action = ProcessAction::Ok, CompletionCallback on_done = {});
    TaskResult apply(Actor& caller, std::int64_t duration_ms, ProcessAction action = ProcessAction::Ok,
                     CompletionCallback on_done = {});
    /// A WorkItem: its duration stretched by the runtime's slow motion (the child cannot see it).
    TaskFuture submit_work(WorkItem w, CompletionCallback on_done = {}) override;
    void shutdown(ShutdownMode mode) override;

    /// Waits until every slot has a ready child or has given up (cancellable). True if all ready.
    bool wait_ready(Actor& a) override;
    bool wait_ready_for(std::chrono::nanoseconds timeout) override;
    /// Waits until every proxy has left (its child reaped).
    void wait_stopped(Actor& a) override;
    bool wait_stopped_for(std::chrono::nanoseconds timeout) override;

    /// Kills the current child of a slot (SIGKILL), for the "a worker dies" demonstration.
    bool kill_worker(int index);

    // The start gate: close_gate(), open_gate(), at_gate(), wait_at_gate...() (see Executor).

    int size() const override { return workers_; }
    std::size_t queued() const override { return queue_.size(); }
    /// Each slot's last start cost (posix_spawn -> "ready"), for slots whose child got ready.
    std::vector<Nanos> start_costs() const override;
    std::vector<ProcessWorkerInfo> workers() const;
    /// pid -> tasks it ran, in order of first use.
    std::vector<std::pair<std::int64_t, int>> tasks_per_pid() const;
    /// Every pid ever started (for zombie checks).
    std::vector<std::int64_t> all_pids() const;
    /// What happened to worker processes, in order: deaths (and replacements), failures to start.
    std::vector<WorkerEvent> events() const;
    int deaths() const;

private:
    struct Job {
        std::shared_ptr<detail::TaskState> state;
        std::int64_t duration_ms = 0;
        ProcessAction action = ProcessAction::Ok;
    };
    struct Child; // the proxy's private view of its process (fds, read buffer)

    void proxy_body(Actor& a, int w);
    bool spawn_ready(Actor& a, int w, Child& c);
    /// False with the errno in `err` (and its text in `what`) when no child could be spawned.
    bool spawn_child(int w, Child& c, int& err, std::string& what);
    // run / on_child_died: false when the slot could not get a new child (the proxy leaves).
    bool run(Actor& a, int w, Child& c, Job& job, Nanos free_since);
    bool on_child_died(Actor& a, int w, Child& c, std::uint32_t task);
    int reap(int w, Child& c, bool kill_first);
    void close_gracefully(Actor& a, int w, Child& c);
    void on_proxy_exit(int w, bool stopping);
    void settle_locked(int w);
    void report(WorkerEvent e);
    template <class Pred> bool wait_state(Actor* a, std::chrono::nanoseconds timeout, Pred pred);

    const int workers_;
    const std::string exe_;
    TaskQueue<Job> queue_;
    std::atomic<std::uint32_t> next_id_{0};
    std::atomic<bool> no_worker_left_{false}; ///< every worker process failed to start: the queue closed for that

    mutable std::mutex m_; // guards everything below
    std::condition_variable cv_;
    std::vector<ProcessWorkerInfo> slots_;
    std::vector<std::pair<std::int64_t, int>> pid_tasks_;
    std::vector<WorkerEvent> events_;
    std::atomic<Runtime*> rt_{nullptr}; ///< set by start(): its slow motion stretches WorkItems
    std::vector<char> settled_flags_; ///< per slot: its first child got ready, or the slot gave up
    int launched_ = 0, settled_ = 0, exited_ = 0;
};

} // namespace tl
