// Daemon threads at exit (from the tutorials: daemon=True threads are stopped when the program
// ends; the program waits only for non-daemon threads). A real program does it: a child process
// (this executable as `threadlab daemon-child`) whose main thread starts D daemon and W
// non-daemon worker threads, works for main-ms, then does what Python does at the end of a
// program: it joins the non-daemon threads and ends the process (_exit), the daemon threads
// wherever they are. The child reports every event over its stdout pipe, stamped on the shared
// monotonic clock; the parent's "Parent" actor reads them and draws them on lanes named after
// the child's threads ("Main thread", "Daemon 1", "Worker 1"), cut off where the process ended.
//
// The child's lines: hello <pid> <t>, start <i> <daemon 0|1> <tid> <t>, step <i> <k> <t>,
// done <i> <t>, main-end <t>, exit <t>. Thread i: daemons first (0..D-1), then the workers.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "core/demo/demo.hpp"

namespace tl {

/// The child's side: argv = {exe, "daemon-child", daemons, workers, main_ms, daemon_ms, worker_ms, step_ms}.
int run_daemon_child(int argc, char** argv);
inline constexpr const char* kDaemonChildArg = "daemon-child";

class DaemonDemo final : public DemoOf<DaemonDemo> {
public:
    static constexpr std::string_view kId = "daemon";
    static constexpr std::string_view kTitle = "Daemon threads: what happens when the program ends";

    /// One worker thread of the child, as reported over the pipe.
    struct ChildThread {
        bool daemon = false;
        std::int64_t tid = 0;
        int steps = 0, steps_done = 0;
        bool started = false, finished = false;
        LaneId lane = 0;
    };
    /// What the run came to (times in ms since the child's main began; -1: not yet).
    struct Outcome {
        std::int64_t pid = 0;
        double main_exit_ms = -1, process_exit_ms = -1;
        bool reaped = false;
        std::string exit; ///< how the process ended, in English
    };

    DaemonDemo();
    ~DaemonDemo() override;

    std::string title() const override { return std::string(kTitle); }
    bool supports_control() const override { return false; }
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    std::string summary() const override;

    std::vector<ChildThread> threads() const;
    Outcome outcome_now() const;
    /// The two moments on the parent's clock (0: not yet): the child's main code ended, the process ended.
    Nanos main_exit_at() const;
    Nanos process_exit_at() const;
    int daemon_started() const, daemon_finished() const, non_daemon_finished() const;
    /// Saved runs (core/demos/daemon_runfile.cpp): the child's threads as reported, the outcome, the two moments.
    Json save_state() const override;
    bool load_state(const Json& j, std::string* error) override;

    static constexpr ThreadState kWaitingForThreads = custom_state(0);
    static constexpr ThreadState kMainWork = custom_state(1);

private:
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_reset() override;
    void parent_body(Actor& a);
    /// Records state s on a child-thread lane at the child's time t_mono (never going back).
    void record(Actor& a, LaneId lane, Nanos t_mono, ThreadState s, std::uint32_t object = 0);
    /// The same at a time already on the parent's clock.
    void record_at(Actor& a, LaneId lane, Nanos ts, ThreadState s, std::uint32_t object = 0);

    Param<std::int64_t> daemons_param_, workers_param_, main_ms_, daemon_ms_, worker_ms_, step_ms_;

    int daemons_ = 2, workers_n_ = 1;
    std::int64_t step_ms_v_ = 100;
    std::vector<std::string> child_args_; ///< fixed at start: the parent actor never reads the parameters
    Nanos patience_ = 0; ///< a child silent this long has hung and is killed (generous: sanitizer builds)
    LaneId main_lane_ = 0;
    std::vector<Nanos> lane_last_; ///< per lane: the last time recorded (parent thread only)

    mutable std::mutex m_; // guards below
    std::vector<ChildThread> threads_;
    Outcome out_;
    Nanos hello_mono_ = 0, main_end_at_ = 0, exit_at_ = 0;
};

} // namespace tl
