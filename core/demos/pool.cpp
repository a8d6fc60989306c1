#include "core/demos/pool.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace tl {

namespace {

std::optional<double> mean_us(const std::vector<Nanos>& v) {
    if (v.empty()) return std::nullopt;
    double sum = 0;
    for (Nanos x : v) sum += static_cast<double>(x);
    return sum / static_cast<double>(v.size()) / 1000.0;
}

Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

/// "42" or "3.14": microseconds for the command line's summary.
std::string fmt_us(double us) {
    std::ostringstream o;
    o.precision(us < 10 ? 2 : 0);
    o << std::fixed << us;
    return o.str();
}

} // namespace

// [SECTION] Parameters

PoolDemo::PoolDemo() {
    workers_param_ = params_.add_int({.key = "workers", .label = "Workers", .help = "threads (or processes) in the pool",
                                      .min = 1, .max = ThreadPool::kMaxWorkers, .def = 5});
    tasks_param_ = params_.add_int({.key = "tasks", .label = "Tasks", .help = "tasks to submit",
                                    .min = 1, .max = 1000, .def = 15});
    task_ms_ = params_.add_int({.key = "task-ms", .label = "Task time", .help = "how long each task works",
                                .min = 0, .max = 10000, .def = 1000, .unit = "ms"});
    task_ms_max_ = params_.add_int({.key = "task-ms-max", .label = "Task time max",
                                    .help = "when larger than the task time: each task takes a random time between the two",
                                    .min = 0, .max = 10000, .def = 0, .unit = "ms"});
    mode_param_ = params_.add_choice<Mode>(
        {.key = "mode", .label = "Mode",
         .help = "pool: a few threads serve every task; thread-per-task: a new thread each; process-pool: worker processes",
         .choices = {"pool", "thread-per-task", "process-pool"}});
    submit_ = params_.add_choice<Submit>(
        {.key = "submit", .label = "Submit",
         .help = "async: submit everything at once (a future each); sync: one at a time, waiting for each",
         .choices = {"async", "sync"}});
    order_ = params_.add_choice<Order>(
        {.key = "order", .label = "Gather",
         .help = "submit: results in submission order (map); completion: as they complete",
         .choices = {"submit", "completion"}});
    fail_task_param_ = params_.add_int({.key = "fail-task", .label = "Failing task",
                                        .help = "this task throws (0: none); the pool keeps working",
                                        .min = 0, .max = 1000, .def = 0});
}

PoolDemo::~PoolDemo() { stop(); }

std::string PoolDemo::title() const { return std::string(kTitle); }

std::vector<StateStyle> PoolDemo::state_styles() const {
    return {{ThreadState::Blocked, "waiting for a task", StateTone::Blocked2},
            {ThreadState::Sleeping, "waiting for a result", StateTone::Sleeping}};
}

const char* PoolDemo::mode_name(Mode m) {
    switch (m) {
    case Mode::Pool: return "pool";
    case Mode::ThreadPerTask: return "thread-per-task";
    case Mode::ProcessPool: return "process-pool";
    }
    return "?";
}

std::size_t PoolDemo::ring_capacity() const {
    // Up to 1000 short-lived lanes with a few events each, or up to 33 busy ones.
    return std::size_t{1} << (mode_param_() == Mode::ThreadPerTask ? 10 : 13);
}

// [SECTION] Starting a run

void PoolDemo::on_start(Runtime& rt) {
    recorded_.reset();
    run_mode_ = mode_param_();
    workers_ = static_cast<int>(workers_param_());
    tasks_ = static_cast<int>(tasks_param_());
    sync_ = submit_() == Submit::Sync;
    completion_order_ = order_() == Order::Completion;
    fail_task_ = static_cast<std::uint32_t>(fail_task_param_());
    const std::int64_t lo = task_ms_(), hi = task_ms_max_();
    std::mt19937_64 rng(std::random_device{}());
    std::uniform_int_distribution<std::int64_t> pick(lo, std::max(lo, hi));
    durations_ms_.assign(static_cast<std::size_t>(tasks_), lo);
    if (hi > lo)
        for (auto& d : durations_ms_) d = pick(rng);
    {
        std::lock_guard lk(m_);
        gathered_.clear();
        completed_.clear();
        create_ns_.clear();
        join_ns_.clear();
        comparison_handoff_ns_.clear();
        first_submit_ = last_gathered_ = 0;
        finished_ = false;
    }
    lane_pids_.clear();
    // The previous run's threads are joined (Demo::start stopped it), so its executors can go.
    processes_ = nullptr;
    executor_.reset();
    comparison_.reset();
    switch (run_mode_) {
    case Mode::Pool: executor_ = std::make_unique<ThreadPool>(workers_); break;
    case Mode::ThreadPerTask: comparison_ = std::make_unique<ThreadPool>(1); break;
    case Mode::ProcessPool: {
        auto p = std::make_unique<ProcessPool>(workers_);
        processes_ = p.get();
        executor_ = std::move(p);
        break;
    }
    }
    // "Main" first so it heads the timeline; it waits until the workers are ready.
    rt.spawn(LaneName("Main"), [this](Actor& a) { main_body(a); });
    if (executor_) executor_->start(rt, processes_ ? "Process {1}" : "Worker {1}");
    if (comparison_) comparison_->start(rt, "Comparison pool worker {1}");
}

std::int64_t PoolDemo::duration_ms(std::uint32_t id) const {
    return id >= 1 && id <= durations_ms_.size() ? durations_ms_[id - 1] : 0;
}

// [SECTION] Main: submit and gather

void PoolDemo::main_body(Actor& a) {
    if (run_mode_ == Mode::ThreadPerTask)
        run_thread_per_task(a);
    else
        run_executor(a);
    std::lock_guard lk(m_);
    finished_ = true;
}

void PoolDemo::on_completed(const TaskResult& r) {
    {
        std::lock_guard lk(m_);
        completed_.push_back(r);
    }
    completed_cv_.notify_all();
}

void PoolDemo::gathered(const TaskResult& r) {
    std::lock_guard lk(m_);
    gathered_.push_back(r);
    last_gathered_ = now_ns();
}

TaskResult PoolDemo::wait_completed(Actor& a, std::size_t k) {
    std::unique_lock lk(m_);
    if (completed_.size() > k) return completed_[k];
    lk.unlock();
    a.point(ThreadState::Sleeping); // waiting for whichever task completes next
    lk.lock();
    while (completed_.size() <= k) {
        if (a.stop_requested()) throw ActorStopped{};
        completed_cv_.wait_for(lk, std::chrono::milliseconds(2));
    }
    TaskResult r = completed_[k];
    lk.unlock();
    a.point(ThreadState::Running);
    return r;
}

void PoolDemo::run_executor(Actor& a) {
    Executor& ex = *executor_;
    // Dispatch latency should not include the workers' own start. False if a process slot could
    // not start a child: the others still work.
    ex.wait_ready(a);
    const CompletionCallback done = [this](const TaskResult& r) { on_completed(r); };
    auto work = [this](std::uint32_t id) { return WorkItem{.duration_ms = duration_ms(id), .fail = id == fail_task_}; };
    {
        std::lock_guard lk(m_);
        first_submit_ = now_ns();
    }
    if (sync_) {
        for (int i = 1; i <= tasks_; ++i) gathered(ex.apply_work(a, work(static_cast<std::uint32_t>(i)), done));
    } else {
        std::vector<TaskFuture> futures;
        if (start_gate_) ex.close_gate();
        for (int i = 1; i <= tasks_; ++i) futures.push_back(ex.submit_work(work(static_cast<std::uint32_t>(i)), done));
        if (start_gate_) {
            ex.wait_at_gate(a, std::min(workers_, tasks_));
            ex.open_gate();
        }
        for (std::size_t k = 0; k < futures.size(); ++k)
            gathered(completion_order_ ? wait_completed(a, k) : futures[k].wait(a));
    }
    ex.shutdown(ShutdownMode::Wait);
}

// [SECTION] Thread per task

void PoolDemo::measure_comparison_pool(Actor& a) {
    // What a pool's hand-off costs on this machine right now: empty tasks handed one at a time
    // to a waiting worker. Thread-per-task is compared with this.
    comparison_->wait_ready(a);
    for (int k = 0; k < kComparisonTasks; ++k) {
        const TaskResult r = comparison_->apply(a, [](Actor&, std::uint32_t) { return std::int64_t{0}; });
        std::lock_guard lk(m_);
        comparison_handoff_ns_.push_back(r.handoff);
    }
    comparison_->shutdown(ShutdownMode::Wait);
}

namespace {

/// One task on its own thread, on its own lane: started, worked, finished, then the thread ends.
void task_thread_body(Runtime& rt, LaneId lane, std::uint32_t id, Nanos work, bool fail, detail::TaskState& s) {
    Actor ta(rt, lane, static_cast<int>(id));
    TaskResult r;
    {
        std::lock_guard lk(s.m);
        r = s.result;
    }
    r.worker = static_cast<int>(id) - 1;
    r.started = now_ns();
    r.handoff = r.started - r.submitted; // thread creation + start: nothing is queued here
    ta.point(ThreadState::Working, id);
    try {
        ta.sleep(work, ThreadState::Working, id);
        if (fail) throw std::runtime_error("task " + std::to_string(id) + " failed");
        r.value = ::gettid();
        r.outcome = TaskOutcome::Ok;
    } catch (const ActorStopped&) {
        r.outcome = TaskOutcome::StoppedWhileRunning;
    } catch (const std::exception& ex) {
        r.outcome = TaskOutcome::Failed;
        r.error = ex.what();
    }
    r.finished = now_ns();
    ta.point(ThreadState::Idle);
    s.complete(std::move(r));
}

} // namespace

void PoolDemo::run_thread_per_task(Actor& a) {
    measure_comparison_pool(a);
    struct TaskThread {
        std::thread thread;
        std::shared_ptr<detail::TaskState> state;
    };
    std::vector<TaskThread> threads;
    threads.reserve(static_cast<std::size_t>(tasks_));
    // Whatever happens (a stop included), every thread this actor created is joined before it
    // returns: their sleeps are cancellable, so this takes milliseconds.
    struct JoinAll {
        std::vector<TaskThread>& ts;
        ~JoinAll() {
            for (TaskThread& t : ts)
                if (t.thread.joinable()) t.thread.join();
        }
    } join_all{threads};
    auto join_timed = [&](TaskThread& t) {
        const Nanos j0 = now_ns();
        t.thread.join();
        const Nanos j1 = now_ns();
        std::lock_guard lk(m_);
        join_ns_.push_back(j1 - j0);
    };
    const CompletionCallback done = [this](const TaskResult& r) { on_completed(r); };
    Runtime& rt = a.runtime();
    {
        std::lock_guard lk(m_);
        first_submit_ = now_ns();
    }
    for (int i = 1; i <= tasks_; ++i) {
        a.check_stop();
        const auto id = static_cast<std::uint32_t>(i);
        auto s = std::make_shared<detail::TaskState>();
        s->on_done = done;
        s->result.id = id;
        const LaneId lane = rt.recorder().add_lane({"Thread {1}", i});
        const Nanos work = ms_to_ns(static_cast<double>(duration_ms(id)));
        const bool fail = id == fail_task_;
        const Nanos t0 = now_ns();
        s->result.submitted = t0;
        detail::TaskState* raw = s.get();
        threads.push_back({std::thread([&rt, lane, id, work, fail, raw] { task_thread_body(rt, lane, id, work, fail, *raw); }),
                           s});
        const Nanos t1 = now_ns();
        {
            std::lock_guard lk(m_);
            create_ns_.push_back(t1 - t0);
        }
        if (sync_) {
            const TaskResult r = TaskFuture(s).wait(a);
            join_timed(threads.back());
            gathered(r);
        }
    }
    if (sync_) return;
    for (std::size_t k = 0; k < threads.size(); ++k) {
        const TaskResult r = completion_order_ ? wait_completed(a, k) : TaskFuture(threads[k].state).wait(a);
        join_timed(threads[r.id - 1]);
        gathered(r);
    }
}

// [SECTION] Live state

void PoolDemo::on_poll(Nanos /*now*/) {
    if (!processes_) return;
    // Lanes are named when they are created; a process lane's pid changes when its worker is
    // replaced, so its name is kept current here.
    const auto ws = processes_->workers();
    lane_pids_.resize(ws.size(), 0);
    for (const ProcessWorkerInfo& w : ws) {
        if (w.lane == 0 || w.pids.empty()) continue; // lane 0 is Main: this proxy has not started yet
        const std::int64_t pid = w.pids.back();
        std::int64_t& shown = lane_pids_[static_cast<std::size_t>(w.index)];
        if (pid == shown) continue;
        shown = pid;
        timeline().set_lane_name(w.lane, {"Process {1} (pid {2})", w.index + 1, pid});
    }
}

void PoolDemo::on_stopped() {
    std::lock_guard lk(m_);
    if (finished_) return;
    // Every thread is joined: each submitted task has completed exactly once (cancelled ones
    // included), so completed_ holds the outcome of every task Main was still waiting for.
    std::vector<bool> seen(static_cast<std::size_t>(tasks_) + 1, false);
    for (const TaskResult& r : gathered_)
        if (r.id < seen.size()) seen[r.id] = true;
    for (const TaskResult& r : completed_)
        if (r.id < seen.size() && !seen[r.id]) {
            seen[r.id] = true;
            gathered_.push_back(r);
        }
}

void PoolDemo::on_reset() {
    recorded_.reset();
    processes_ = nullptr; // every thread is joined by now
    executor_.reset();
    comparison_.reset();
    lane_pids_.clear();
    std::lock_guard lk(m_);
    gathered_.clear();
    completed_.clear();
    create_ns_.clear();
    join_ns_.clear();
    comparison_handoff_ns_.clear();
    first_submit_ = last_gathered_ = 0;
    finished_ = false;
}

std::vector<TaskResult> PoolDemo::results() const {
    std::lock_guard lk(m_);
    return gathered_;
}

std::vector<TaskResult> PoolDemo::completed() const {
    std::lock_guard lk(m_);
    return completed_;
}

std::int64_t PoolDemo::worker_key(const TaskResult& r) const {
    return run_mode_ == Mode::ProcessPool ? r.pid : r.worker + 1;
}

LaneName PoolDemo::worker_name(std::int64_t key) const {
    switch (run_mode_) {
    case Mode::Pool: return {"Worker {1}", key};
    case Mode::ThreadPerTask: return {"Thread {1}", key};
    case Mode::ProcessPool: return {"pid {1}", key};
    }
    return {};
}

std::vector<PoolDemo::WorkerRow> PoolDemo::reuse_table() const {
    std::vector<WorkerRow> rows;
    std::lock_guard lk(m_);
    for (const TaskResult& r : completed_) {
        if (r.worker < 0 || r.cancelled()) continue; // never ran, or did not finish
        const std::int64_t key = worker_key(r);
        auto it = std::find_if(rows.begin(), rows.end(), [&](const WorkerRow& w) { return w.key == key; });
        if (it == rows.end()) it = rows.insert(rows.end(), WorkerRow{key, worker_name(key), 0});
        ++it->tasks;
    }
    std::sort(rows.begin(), rows.end(), [](const WorkerRow& a, const WorkerRow& b) { return a.key < b.key; });
    return rows;
}

std::vector<WorkerEvent> PoolDemo::worker_reports() const {
    return processes_ ? processes_->events() : recorded_ ? recorded_->reports : std::vector<WorkerEvent>{};
}

std::vector<std::int64_t> PoolDemo::process_pids() const {
    std::vector<std::int64_t> out;
    if (!processes_ && recorded_) return recorded_->pids;
    if (processes_)
        for (const ProcessWorkerInfo& w : processes_->workers()) out.push_back(w.pid);
    return out;
}

bool PoolDemo::kill_process_worker(int index) { return processes_ && processes_->kill_worker(index); }

// [SECTION] Measurements

PoolDemo::Measured PoolDemo::measured() const {
    // Executor stats first (their own locks), then ours: never both at once.
    const std::vector<Nanos> starts = executor_ ? executor_->start_costs() : recorded_ ? recorded_->start_costs : std::vector<Nanos>{};

    Measured m;
    std::lock_guard lk(m_);
    m.tasks_total = tasks_;
    std::vector<Nanos> dispatch, handoff;
    std::set<std::int64_t> workers;
    for (const TaskResult& r : completed_) {
        if (r.worker < 0 || r.cancelled()) continue;
        ++m.tasks_done;
        if (!r.ok()) ++m.task_errors;
        workers.insert(worker_key(r));
        dispatch.push_back(r.dispatch_ns());
        handoff.push_back(r.handoff);
    }
    m.distinct_workers = static_cast<int>(workers.size());
    if (first_submit_ > 0) {
        const Nanos end = finished_ || !running() ? std::max(last_gathered_, first_submit_) : now_ns();
        m.wall_ms = ns_to_ms(end - first_submit_);
    }
    m.mean_dispatch_us = mean_us(dispatch);
    m.mean_handoff_us = mean_us(handoff);
    if (run_mode_ == Mode::ThreadPerTask) {
        m.mean_thread_create_us = mean_us(create_ns_);
        m.mean_thread_join_us = mean_us(join_ns_);
        m.new_worker_start_us = m.mean_handoff_us; // a task thread's hand-off is its creation + start
        m.pool_handoff_us = mean_us(comparison_handoff_ns_);
    } else {
        m.new_worker_start_us = mean_us(starts);
        m.pool_handoff_us = m.mean_handoff_us;
    }
    if (m.new_worker_start_us && m.pool_handoff_us) m.pool_saves_us = *m.new_worker_start_us - *m.pool_handoff_us;
    return m;
}

std::vector<Metric> PoolDemo::metrics() const {
    const Measured m = measured();
    const bool process = run_mode_ == Mode::ProcessPool;
    std::vector<Metric> out = {
        {"tasks_done", "Tasks done", static_cast<double>(m.tasks_done)},
        {"distinct_workers", process ? "Distinct processes" : "Distinct threads", static_cast<double>(m.distinct_workers)},
        {"wall_ms", "Total time (ms)", m.wall_ms, false},
    };
    auto add = [&](const char* key, const char* label, const std::optional<double>& v) {
        if (v) out.push_back({key, label, *v, false});
    };
    add("mean_dispatch_us", "Dispatch latency (us)", m.mean_dispatch_us);
    add("mean_thread_create_us", "Thread creation (us)", m.mean_thread_create_us);
    add("mean_thread_join_us", "Thread join (us)", m.mean_thread_join_us);
    add("new_worker_start_us", process ? "New process start (us)" : "New thread start (us)", m.new_worker_start_us);
    add("pool_handoff_us", "Pool hand-off (us)", m.pool_handoff_us);
    add("pool_saves_us", "Pool saves per task (us)", m.pool_saves_us);
    out.push_back({"errors", "Task errors", static_cast<double>(m.task_errors)});
    return out;
}

std::string PoolDemo::summary() const {
    std::ostringstream out;
    out << Demo::summary();
    out << "  Mode: " << mode_name(run_mode_) << '\n';
    out << "  Reuse (worker: tasks served):\n";
    for (const WorkerRow& w : reuse_table()) out << "    " << w.name.english() << ": " << w.tasks << '\n';
    const Measured m = measured();
    if (m.pool_saves_us) {
        const bool process = run_mode_ == Mode::ProcessPool;
        out << "  Starting a new " << (process ? "process" : "thread") << " took " << fmt_us(*m.new_worker_start_us)
            << " us; handing a task to a waiting " << (process ? "worker process" : "worker") << " took "
            << fmt_us(*m.pool_handoff_us) << " us: ";
        if (*m.pool_saves_us >= 0)
            out << "the pool saves about " << fmt_us(*m.pool_saves_us) << " us per task.\n";
        else
            out << "this run the pool saved nothing (" << fmt_us(-*m.pool_saves_us) << " us more per task).\n";
    }
    for (const TaskResult& r : results())
        if (!r.ok()) out << "  task " << r.id << ": " << task_error_english(r) << '\n';
    for (const WorkerEvent& e : worker_reports()) out << "  " << english(e) << '\n';
    return out.str();
}

void PoolDemo::write_result(Json& j) const {
    const Measured m = measured();
    j["mode"] = mode_name(run_mode_);
    j["workers"] = run_mode_ == Mode::ThreadPerTask ? tasks_ : workers_;
    j["tasks"] = tasks_;
    j["submit"] = sync_ ? "sync" : "async";
    j["order"] = completion_order_ ? "completion" : "submit";
    j["distinct_workers"] = m.distinct_workers;
    Json per_worker = Json::object();
    for (const WorkerRow& w : reuse_table()) per_worker[std::to_string(w.key)] = w.tasks;
    j["tasks_per_worker"] = std::move(per_worker);
    j["wall_ms"] = m.wall_ms;
    j["mean_dispatch_us"] = opt(m.mean_dispatch_us);
    j["mean_thread_create_us"] = opt(m.mean_thread_create_us);
    j["mean_thread_join_us"] = opt(m.mean_thread_join_us);
    j["mean_handoff_us"] = opt(m.mean_handoff_us);
    j["new_worker_start_us"] = opt(m.new_worker_start_us);
    j["pool_handoff_us"] = opt(m.pool_handoff_us);
    j["pool_saves_us_per_task"] = opt(m.pool_saves_us);
    const auto rs = results();
    Json results = Json::array(), errs = Json::array();
    for (const TaskResult& r : rs) {
        results.push_back({{"task", r.id},
                           {"worker", r.worker >= 0 ? Json(worker_key(r)) : Json(nullptr)},
                           {"ok", r.ok()},
                           {"outcome", outcome_key(r.outcome)},
                           {"value", r.value},
                           {"dispatch_us", static_cast<double>(r.dispatch_ns()) / 1000.0},
                           {"error", r.ok() ? Json(nullptr) : Json(task_error_english(r))}});
        if (!r.ok()) errs.push_back({{"task", r.id}, {"error", task_error_english(r)}});
    }
    for (const std::string& e : errors()) errs.push_back({{"task", nullptr}, {"error", e}});
    j["results"] = std::move(results);
    j["errors"] = std::move(errs);
    // The worker processes' events twice: English lines (as the command line prints them) and
    // the facts. slot is 1-based, as in the lane name "Process <slot>".
    const auto events = worker_reports();
    Json reports = Json::array(), facts = Json::array();
    for (const WorkerEvent& e : events) {
        reports.push_back(english(e));
        Json f = {{"slot", e.slot + 1}, {"pid", e.pid}, {"cause", cause_key(e.cause)}};
        switch (e.cause) {
        case WorkerEvent::Cause::Exited: f["code"] = e.code_or_signal; break;
        case WorkerEvent::Cause::KilledBySignal:
            f["signal"] = e.code_or_signal;
            f["signal_name"] = signal_name(e.code_or_signal);
            break;
        case WorkerEvent::Cause::SpawnFailed: f["errno"] = e.code_or_signal; break;
        case WorkerEvent::Cause::NotReady: break;
        }
        f["task"] = e.task ? Json(*e.task) : Json(nullptr);
        if (e.died()) f["replaced"] = e.replaced;
        else {
            f["attempt"] = e.attempt;
            f["detail"] = e.detail;
        }
        facts.push_back(std::move(f));
    }
    j["worker_reports"] = std::move(reports);
    j["worker_events"] = std::move(facts);
}

} // namespace tl
