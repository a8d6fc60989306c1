#include "core/runtime/process_pool.hpp"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <thread>

namespace tl {


// [SECTION] Worker events

const char* cause_key(WorkerEvent::Cause c) {
    switch (c) {
    case WorkerEvent::Cause::Exited: return "exited";
    case WorkerEvent::Cause::KilledBySignal: return "killed-by-signal";
    case WorkerEvent::Cause::SpawnFailed: return "spawn-failed";
    case WorkerEvent::Cause::NotReady: return "not-ready";
    }
    return "?";
}

std::string english(const WorkerEvent& e) {
    const std::string process = "Process " + std::to_string(e.slot + 1) + ": ";
    switch (e.cause) {
    case WorkerEvent::Cause::Exited:
    case WorkerEvent::Cause::KilledBySignal: {
        std::string s = process + "pid " + std::to_string(e.pid) + " died (" +
                        (e.cause == WorkerEvent::Cause::Exited
                             ? "exited with status " + std::to_string(e.code_or_signal)
                             : "killed by signal " + std::to_string(e.code_or_signal) + " (" + signal_name(e.code_or_signal) + ")") +
                        ")";
        if (e.task) s += " while running task " + std::to_string(*e.task);
        return s + (e.replaced ? "; replacing it" : "");
    }
    case WorkerEvent::Cause::SpawnFailed:
    case WorkerEvent::Cause::NotReady:
        return process + "worker failed to start (attempt " + std::to_string(e.attempt) + "): " +
               (e.pid > 0 ? "pid " + std::to_string(e.pid) + " " : "") + e.detail;
    }
    return process + "?";
}

// [SECTION] The worker process (child side)

int run_pool_worker(int in_fd, int out_fd) {
    ::signal(SIGINT, SIG_IGN); // Ctrl-C in the terminal is for the parent; we end on EOF
    const long pid = static_cast<long>(::getpid());
    if (!write_all(out_fd, "ready " + std::to_string(pid) + " " + std::to_string(mono_now()) + "\n")) return 1;
    std::string buf, line;
    char tmp[512];
    for (;;) {
        while (!pop_line(buf, line)) {
            const ssize_t n = ::read(in_fd, tmp, sizeof tmp);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return 0; // the parent closed our stdin: done
            buf.append(tmp, static_cast<std::size_t>(n));
        }
        unsigned long id = 0;
        long long duration_ms = 0;
        int action = 0;
        if (std::sscanf(line.c_str(), "%lu %lld %d", &id, &duration_ms, &action) != 3) {
            if (!write_all(out_fd, "0 " + std::to_string(pid) + " error 0 0 bad request\n")) return 1;
            continue;
        }
        const Nanos t0 = mono_now();
        if (action == static_cast<int>(ProcessAction::Die)) ::_exit(3); // a crash: no reply
        std::this_thread::sleep_for(std::chrono::milliseconds(std::max(0LL, duration_ms)));
        const Nanos t1 = mono_now();
        std::string reply = std::to_string(id) + " " + std::to_string(pid);
        if (action == static_cast<int>(ProcessAction::Fail))
            reply += " error " + std::to_string(t0) + " " + std::to_string(t1) + " task " + std::to_string(id) + " failed\n";
        else
            reply += " ok " + std::to_string(t0) + " " + std::to_string(t1) + "\n";
        if (!write_all(out_fd, reply)) return 1;
    }
}

// [SECTION] The proxy's view of one child

// The proxy's child: the shared machinery, nothing of its own.
struct ProcessPool::Child : ChildProcess {};

// [SECTION] Life cycle

ProcessPool::ProcessPool(int workers, std::string exe)
    : workers_(std::clamp(workers, 1, kMaxWorkers)), exe_(std::move(exe)),
      slots_(static_cast<std::size_t>(workers_)), settled_flags_(static_cast<std::size_t>(workers_), 0) {
    for (int i = 0; i < workers_; ++i) slots_[static_cast<std::size_t>(i)].index = i;
}

ProcessPool::~ProcessPool() {
    shutdown(ShutdownMode::Cancel);
    std::unique_lock lk(m_);
    cv_.wait(lk, [this] { return exited_ == launched_; });
}

void ProcessPool::start(Runtime& rt, const std::string& lane_template) {
    rt_.store(&rt);
    for (int i = 0; i < workers_; ++i) {
        {
            std::lock_guard lk(m_);
            if (launched_ > i) continue;
            ++launched_;
        }
        const int index = i;
        rt.spawn({lane_template, i + 1}, [this, index](Actor& a) { proxy_body(a, index); });
    }
}

void ProcessPool::shutdown(ShutdownMode mode) {
    for (Job& j : queue_.close(mode)) cancel_task(*j.state, TaskOutcome::ShutDownBeforeItRan);
}

TaskFuture ProcessPool::submit(std::int64_t duration_ms, ProcessAction action, CompletionCallback on_done) {
    auto s = std::make_shared<detail::TaskState>();
    s->result.id = next_id_.fetch_add(1, std::memory_order_relaxed) + 1;
    s->result.submitted = now_ns();
    s->on_done = std::move(on_done);
    TaskFuture f(s);
    // A queue closed because no worker process could start says so, whenever the task came.
    if (!queue_.push(Job{s, duration_ms, action}))
        cancel_task(*s, no_worker_left_.load(std::memory_order_acquire) ? TaskOutcome::NoWorkerProcessLeft
                                                                        : TaskOutcome::SubmittedAfterShutdown);
    return f;
}

TaskFuture ProcessPool::submit_work(WorkItem w, CompletionCallback on_done) {
    const Runtime* rt = rt_.load();
    const double scale = rt ? rt->time_scale() : 1.0;
    const auto ms = static_cast<std::int64_t>(static_cast<double>(w.duration_ms) * scale);
    return submit(ms, w.fail ? ProcessAction::Fail : ProcessAction::Ok, std::move(on_done));
}

TaskResult ProcessPool::apply(Actor& caller, std::int64_t duration_ms, ProcessAction action, CompletionCallback on_done) {
    return submit(duration_ms, action, std::move(on_done)).wait(caller);
}

// [SECTION] Children: spawn, reap

bool ProcessPool::spawn_child(int w, Child& c, int& err, std::string& what) {
    if (!c.spawn(exe_, {kPoolWorkerArg}, err, what)) return false;
    std::lock_guard lk(m_);
    ProcessWorkerInfo& s = slots_[static_cast<std::size_t>(w)];
    s.pid = c.pid;
    s.pids.push_back(c.pid);
    s.spawn_call_ns = c.spawn_call_ns;
    return true;
}

int ProcessPool::reap(int w, Child& c, bool kill_first) {
    if (c.pid <= 0) return 0;
    {
        // From here kill_worker() cannot target this pid any more; it stays ours (unreaped, so
        // never reused by the system) until waitpid below.
        std::lock_guard lk(m_);
        ProcessWorkerInfo& s = slots_[static_cast<std::size_t>(w)];
        s.pid = 0;
        s.ready = false;
    }
    c.close_fds(); // a child blocked on stdin sees EOF
    if (kill_first) ::kill(c.pid, SIGKILL);
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    c.pid = 0;
    return status;
}

bool ProcessPool::spawn_ready(Actor& a, int w, Child& c) {
    for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
        WorkerEvent e{.slot = w, .attempt = attempt};
        int err = 0;
        if (spawn_child(w, c, err, e.detail)) {
            std::string line;
            // Generous: a sanitizer build of a big executable can take seconds to start.
            const auto got = c.read_line(a, line, ms_to_ns(20000));
            long pid = 0;
            long long t = 0;
            if (got == Child::Read::Line && std::sscanf(line.c_str(), "ready %ld %lld", &pid, &t) == 2 && pid == c.pid) {
                {
                    std::lock_guard lk(m_);
                    ProcessWorkerInfo& s = slots_[static_cast<std::size_t>(w)];
                    s.start_cost_ns = now_ns() - c.spawned_at;
                    s.ready = true;
                    settle_locked(w);
                }
                cv_.notify_all();
                a.mark(MarkKind::Note, static_cast<std::uint32_t>(w), pid); // a new process on this lane
                return true;
            }
            e.pid = c.pid;
            e.cause = WorkerEvent::Cause::NotReady;
            const int status = reap(w, c, true);
            e.detail = got == Child::Read::Timeout ? "did not say ready in time"
                                                   : "said \"" + line + "\" instead of ready; " + describe_status(status);
        } else {
            e.cause = WorkerEvent::Cause::SpawnFailed;
            e.code_or_signal = err;
        }
        report(std::move(e));
    }
    return false;
}

bool ProcessPool::on_child_died(Actor& a, int w, Child& c, std::uint32_t task) {
    WorkerEvent e{.slot = w, .pid = c.pid, .replaced = true};
    const int status = reap(w, c, true);
    {
        std::lock_guard lk(m_);
        ++slots_[static_cast<std::size_t>(w)].deaths;
    }
    if (WIFSIGNALED(status)) {
        e.cause = WorkerEvent::Cause::KilledBySignal;
        e.code_or_signal = WTERMSIG(status);
    } else {
        e.cause = WorkerEvent::Cause::Exited;
        e.code_or_signal = WIFEXITED(status) ? WEXITSTATUS(status) : status;
    }
    if (task) e.task = task;
    report(std::move(e));
    return spawn_ready(a, w, c);
}

void ProcessPool::close_gracefully(Actor& a, int w, Child& c) {
    if (c.pid <= 0) return;
    ::close(c.to); // EOF: the child's loop returns 0
    c.to = -1;
    // Up to 3 s to exit by itself (sanitizer builds check for leaks at exit), then SIGKILL.
    const Nanos deadline = now_ns() + ms_to_ns(3000);
    int status = 0;
    while (now_ns() < deadline && !a.stop_requested()) {
        const pid_t r = ::waitpid(c.pid, &status, WNOHANG);
        if (r == c.pid) {
            c.pid = 0; // reaped
            std::lock_guard lk(m_);
            slots_[static_cast<std::size_t>(w)].pid = 0;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (c.pid > 0) reap(w, c, true);
    c.close_fds();
}

// [SECTION] Proxies

void ProcessPool::proxy_body(Actor& a, int w) {
    // A dead child turns our next write into EPIPE instead of a process-killing SIGPIPE.
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);

    Child c;
    struct ExitGuard {
        ProcessPool& p;
        int w;
        Child& c;
        Actor& a;
        ~ExitGuard() {
            p.reap(w, c, true); // stop or error: kill and reap; no zombie either way
            p.on_proxy_exit(w, a.stop_requested());
        }
    } guard{*this, w, c, a};
    {
        std::lock_guard lk(m_);
        slots_[static_cast<std::size_t>(w)].lane = a.lane();
    }
    a.point(ThreadState::Running); // starting the child
    if (!spawn_ready(a, w, c)) return;
    Nanos free_since = now_ns();
    for (;;) {
        a.point(ThreadState::Blocked); // waiting for a task
        std::optional<Job> job;
        const auto got = queue_.take_for(a, std::chrono::milliseconds(20), job);
        if (got == TaskQueue<Job>::Take::Closed) break;
        if (!c.idle_and_alive()) { // died while idle: replace it now
            if (!on_child_died(a, w, c, 0)) return;
            free_since = now_ns();
        }
        if (got != TaskQueue<Job>::Take::Got) continue;
        if (!run(a, w, c, *job, free_since)) return;
        free_since = now_ns();
    }
    a.point(ThreadState::Running); // letting the child go
    close_gracefully(a, w, c);
}

bool ProcessPool::run(Actor& a, int w, Child& c, Job& job, Nanos free_since) {
    TaskResult r;
    {
        std::lock_guard lk(job.state->m);
        r = job.state->result;
    }
    r.worker = w;
    r.pid = c.pid;
    const std::string request = std::to_string(r.id) + " " + std::to_string(job.duration_ms) + " " +
                                std::to_string(static_cast<int>(job.action)) + "\n";
    std::string line;
    Child::Read got = Child::Read::Eof;
    try {
        free_since = std::max(free_since, gate_.pass(a)); // a hold at the gate is not the hand-off's cost
        a.point(ThreadState::Working, r.id);
        if (write_all(c.to, request)) got = c.read_line(a, line, -1);
    } catch (const ActorStopped&) {
        r.outcome = TaskOutcome::StoppedWhileRunning; // its worker process is killed on the way out
        r.finished = now_ns();
        job.state->complete(std::move(r));
        throw;
    }
    if (got != Child::Read::Line) {
        // The child is gone: drain a pending SIGPIPE from a failed write, report, replace.
        const timespec zero{0, 0};
        sigset_t pipe_only;
        sigemptyset(&pipe_only);
        sigaddset(&pipe_only, SIGPIPE);
        ::sigtimedwait(&pipe_only, nullptr, &zero);
        const std::uint32_t id = r.id;
        r.finished = now_ns();
        r.outcome = TaskOutcome::WorkerDied;
        job.state->complete(std::move(r));
        return on_child_died(a, w, c, id);
    }
    unsigned long id = 0;
    long pid = 0;
    char status[16] = {};
    long long t0 = 0, t1 = 0;
    int consumed = 0;
    const int n = std::sscanf(line.c_str(), "%lu %ld %15s %lld %lld %n", &id, &pid, status, &t0, &t1, &consumed);
    // Child times are CLOCK_MONOTONIC; now_ns() may be a calibrated TSC. Convert through "how
    // long ago", read now on both clocks, so calibration drift does not matter.
    r.finished = now_ns();
    const Nanos mono_at_finish = mono_now();
    if (n < 5 || id != r.id) {
        r.outcome = TaskOutcome::BadReply;
        r.error = line;
    } else {
        r.pid = pid;
        r.value = pid;
        r.started = std::clamp<Nanos>(r.finished - (mono_at_finish - t0), r.submitted, r.finished);
        r.handoff = std::max<Nanos>(0, r.started - std::max(r.submitted, free_since));
        if (std::strcmp(status, "ok") == 0) {
            r.outcome = TaskOutcome::Ok;
        } else {
            r.outcome = TaskOutcome::Failed;
            r.error = consumed > 0 ? line.substr(static_cast<std::size_t>(consumed)) : "error";
        }
    }
    {
        std::lock_guard lk(m_);
        ++slots_[static_cast<std::size_t>(w)].tasks_served;
        auto it = std::find_if(pid_tasks_.begin(), pid_tasks_.end(), [&](const auto& p) { return p.first == r.pid; });
        if (it == pid_tasks_.end())
            pid_tasks_.emplace_back(r.pid, 1);
        else
            ++it->second;
    }
    job.state->complete(std::move(r));
    return true;
}

void ProcessPool::settle_locked(int w) {
    char& f = settled_flags_[static_cast<std::size_t>(w)];
    if (!f) ++settled_;
    f = 1;
}

void ProcessPool::on_proxy_exit(int w, bool stopping) {
    bool last = false;
    {
        std::lock_guard lk(m_);
        slots_[static_cast<std::size_t>(w)].exited = true;
        settle_locked(w);
        last = exited_ + 1 == launched_;
    }
    // Nobody will run what is queued (a stop, or the last proxy could not start a child): cancel
    // it now rather than leave futures pending. A single slot giving up leaves the others working.
    if (last && !stopping) no_worker_left_.store(true, std::memory_order_release); // before the close: see submit
    if (last || stopping)
        for (Job& j : queue_.close(ShutdownMode::Cancel))
            cancel_task(*j.state, stopping ? TaskOutcome::PoolStopped : TaskOutcome::NoWorkerProcessLeft);
    // Notify under the lock: once exited_ == launched_ the destructor may destroy cv_.
    std::lock_guard lk(m_);
    ++exited_;
    cv_.notify_all();
}

void ProcessPool::report(WorkerEvent e) {
    std::lock_guard lk(m_);
    events_.push_back(std::move(e));
}

// [SECTION] Waiting and info

template <class Pred> bool ProcessPool::wait_state(Actor* a, std::chrono::nanoseconds timeout, Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lk(m_);
    while (!pred()) {
        if (a && a->stop_requested()) throw ActorStopped{};
        if (!a && std::chrono::steady_clock::now() >= deadline) return false;
        cv_.wait_for(lk, std::chrono::milliseconds(2));
    }
    return true;
}

bool ProcessPool::wait_ready(Actor& a) {
    wait_state(&a, {}, [this] { return settled_ == workers_; });
    std::lock_guard lk(m_);
    return std::all_of(slots_.begin(), slots_.end(), [](const ProcessWorkerInfo& s) { return s.ready; });
}
bool ProcessPool::wait_ready_for(std::chrono::nanoseconds timeout) {
    if (!wait_state(nullptr, timeout, [this] { return settled_ == workers_; })) return false;
    std::lock_guard lk(m_);
    return std::all_of(slots_.begin(), slots_.end(), [](const ProcessWorkerInfo& s) { return s.ready; });
}
void ProcessPool::wait_stopped(Actor& a) {
    wait_state(&a, {}, [this] { return exited_ == launched_; });
}
bool ProcessPool::wait_stopped_for(std::chrono::nanoseconds timeout) {
    return wait_state(nullptr, timeout, [this] { return exited_ == launched_; });
}

bool ProcessPool::kill_worker(int index) {
    std::lock_guard lk(m_);
    if (index < 0 || index >= workers_) return false;
    const std::int64_t pid = slots_[static_cast<std::size_t>(index)].pid;
    // Safe against pid reuse: the proxy clears pid under this lock before it reaps the child.
    return pid > 0 && ::kill(static_cast<pid_t>(pid), SIGKILL) == 0;
}

std::vector<ProcessWorkerInfo> ProcessPool::workers() const {
    std::lock_guard lk(m_);
    return slots_;
}

std::vector<std::pair<std::int64_t, int>> ProcessPool::tasks_per_pid() const {
    std::lock_guard lk(m_);
    return pid_tasks_;
}

std::vector<std::int64_t> ProcessPool::all_pids() const {
    std::lock_guard lk(m_);
    std::vector<std::int64_t> out;
    for (const ProcessWorkerInfo& s : slots_) out.insert(out.end(), s.pids.begin(), s.pids.end());
    return out;
}

std::vector<WorkerEvent> ProcessPool::events() const {
    std::lock_guard lk(m_);
    return events_;
}

std::vector<Nanos> ProcessPool::start_costs() const {
    std::lock_guard lk(m_);
    std::vector<Nanos> out;
    for (const ProcessWorkerInfo& s : slots_)
        if (s.start_cost_ns > 0) out.push_back(s.start_cost_ns);
    return out;
}

int ProcessPool::deaths() const {
    std::lock_guard lk(m_);
    int n = 0;
    for (const ProcessWorkerInfo& s : slots_) n += s.deaths;
    return n;
}

} // namespace tl
