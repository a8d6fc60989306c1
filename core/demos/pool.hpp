// Pool reuse (from the tutorials: multiprocessing.Pool(5) serving 15 tasks, the same pids coming
// back again and again). A "Main" actor submits tasks to one of three executors:
//   pool             a ThreadPool of 1-32 workers ("Worker 1"...): a few threads serve many tasks
//   thread-per-task  a new thread per task ("Thread 1"...), its creation and join timed
//   process-pool     a ProcessPool of child processes ("Process 1 (pid 4242)"...)
// and gathers the results in submission order (map) or completion order (as completed).
// The two pools are driven through one interface (Executor); thread-per-task is its own code.
// Measured live: dispatch latency (submit -> start), what starting a thread (or process) costs,
// and from both, what the pool saves per task (measured(): numbers, the UI words them).
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/runtime/process_pool.hpp"
#include "core/runtime/thread_pool.hpp"

namespace tl {

class PoolDemo final : public DemoOf<PoolDemo> {
public:
    static constexpr std::string_view kId = "pool";
    static constexpr std::string_view kTitle = "Pool reuse: a few workers serve many tasks";
    enum class Mode { Pool, ThreadPerTask, ProcessPool };
    enum class Submit { Async, Sync };
    enum class Order { Submit, Completion };

    /// A row of the reuse table: a worker (thread number or pid) and the tasks it served.
    struct WorkerRow {
        std::int64_t key = 0; ///< worker number (1-based) or pid
        LaneName name;        ///< "Worker 3", "Thread 7", "pid 4242"
        int tasks = 0;
    };

    /// Numbers measured in this run (us; nullopt when not measured (yet)).
    struct Measured {
        int tasks_total = 0, tasks_done = 0, task_errors = 0;
        int distinct_workers = 0;
        double wall_ms = 0;                       ///< first submit -> last result gathered (live while running)
        std::optional<double> mean_dispatch_us;   ///< submit -> start, queueing included
        std::optional<double> mean_handoff_us;    ///< start minus max(submit, worker free): the hand-off alone
        std::optional<double> mean_thread_create_us; ///< thread-per-task: the thread creation call
        std::optional<double> mean_thread_join_us;   ///< thread-per-task: joining a finished thread
        /// What starting one new worker cost in this run, request -> its code running: a thread
        /// (pool: the workers; thread-per-task: the task threads) or a process (spawn -> ready).
        std::optional<double> new_worker_start_us;
        /// The pool's hand-off in this run (thread-per-task: a one-worker comparison pool).
        std::optional<double> pool_handoff_us;
        /// new_worker_start_us - pool_handoff_us: what reusing a worker saves per task.
        std::optional<double> pool_saves_us;
    };

    static constexpr int kComparisonTasks = 20;

    PoolDemo();
    ~PoolDemo() override;

    std::string title() const override;
    /// It measures real thread start-up and wall time: logical time would hide what it shows.
    bool supports_control() const override { return false; }
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    std::string summary() const override;
    // pool_export.cpp: the trace's object names, the CSV's rows
    std::string object_english(ThreadState state, std::uint32_t object) const override;
    DataTable data_table() const override;
    // pool_runfile.cpp: the results, the reuse table and the measurements, for a saved run
    Json save_state() const override;
    bool load_state(const Json& state, std::string* error) override;

    /// The mode of the current (or last) run.
    Mode mode() const { return run_mode_; }
    static const char* mode_name(Mode m);
    /// Results in gathering order (submission or completion), as gathered so far.
    std::vector<TaskResult> results() const;
    /// Every task's result as it completed (completion order), as completed so far.
    std::vector<TaskResult> completed() const;
    /// Worker -> tasks served, from the results so far, by worker number or pid.
    std::vector<WorkerRow> reuse_table() const;
    Measured measured() const;
    /// Process pool: deaths (and replacements), failures to start, in order; facts, not text.
    std::vector<WorkerEvent> worker_reports() const;
    /// Process pool: current pid per slot (0 when none).
    std::vector<std::int64_t> process_pids() const;
    /// Process pool: kills one worker process (it is reported and replaced).
    bool kill_process_worker(int index);
    /// For tests (not a parameter): in async pool and process-pool runs, hold the first round at
    /// the pools' start gate until every worker has a task, so all of them are used for certain.
    /// The hold counts in the first round's dispatch time. Set before start().
    void set_start_gate(bool on) { start_gate_ = on; }

private:
    void write_result(Json& j) const override;
    // Parameters, in the order the panel and --help list them.
    Param<std::int64_t> workers_param_, tasks_param_, task_ms_, task_ms_max_;
    Param<Mode> mode_param_;
    Param<Submit> submit_;
    Param<Order> order_;
    Param<std::int64_t> fail_task_param_;

    std::size_t ring_capacity() const override;
    void on_start(Runtime& rt) override;
    void on_poll(Nanos now) override;
    /// A run stopped before Main gathered every result (Stop, SIGINT): the tasks it had submitted
    /// and not gathered are reported with their final outcome (cancelled, mostly), not left out.
    void on_stopped() override;
    void on_reset() override;

    void main_body(Actor& a);
    void run_executor(Actor& a);
    void run_thread_per_task(Actor& a);
    void measure_comparison_pool(Actor& a);
    void on_completed(const TaskResult& r);
    void gathered(const TaskResult& r);
    /// Completion order: waits for the k-th completed result (cancellable).
    TaskResult wait_completed(Actor& a, std::size_t k);
    Measured measure_locked() const;
    std::int64_t worker_key(const TaskResult& r) const;
    LaneName worker_name(std::int64_t key) const;
    std::int64_t duration_ms(std::uint32_t id) const;

    // Fixed for a run (set in on_start, read by actors).
    Mode run_mode_ = Mode::Pool;
    int workers_ = 5, tasks_ = 15;
    bool sync_ = false, completion_order_ = false, start_gate_ = false;
    std::uint32_t fail_task_ = 0;
    std::vector<std::int64_t> durations_ms_; ///< per task, index id - 1
    std::unique_ptr<Executor> executor_;     ///< pool or process-pool
    ProcessPool* processes_ = nullptr;       ///< executor_ in process-pool mode (pids, kills, events)
    std::unique_ptr<ThreadPool> comparison_; ///< thread-per-task: the pool it is compared with

    mutable std::mutex m_; // guards everything below (written by actors, read by the UI)
    std::condition_variable completed_cv_;
    std::vector<TaskResult> gathered_, completed_;
    std::vector<Nanos> create_ns_, join_ns_, comparison_handoff_ns_;
    Nanos first_submit_ = 0, last_gathered_ = 0;
    bool finished_ = false;

    std::vector<std::int64_t> lane_pids_; // UI thread: pid shown in each process lane's name
    /// A saved run's: what the executor and the process pool said (no executor then).
    struct Recorded {
        std::vector<Nanos> start_costs;
        std::vector<WorkerEvent> reports;
        std::vector<std::int64_t> pids;
    };
    std::optional<Recorded> recorded_;
};

} // namespace tl
