// The GIL (ThreadLab issue 12): real threads run "bytecode" under a simulated global interpreter
// lock with CPython's hand-over protocol (core/runtime/interpreter_lock.hpp). Work is CPU-bound
// (a fixed number of bytecodes), IO-bound (waits, which release the lock) or mixed, or the
// tutorial's balance race (balance += n as read / add / write bytecodes). The GIL can be on, off
// (a free-threaded build: the same threads in parallel) or "processes": each worker its own
// interpreter lock, so nobody waits (simulated in this process; no child processes are started).
// Before the threads start, one "Serial" thread does all their work alone: serial_ms (its CPU
// time plus its IO waits: what it needs on a core of its own, which a busy machine cannot
// shorten) and speedup = serial_ms / the threads' wall time.
// Sweeps measure the plots: wall time and speed-up for 1..8 threads, lost updates per interval.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/demos/gil_work.hpp"

namespace tl {

class GilDemo final : public DemoOf<GilDemo> {
public:
    static constexpr std::string_view kId = "gil";
    static constexpr std::string_view kTitle = "The GIL: one interpreter lock, many threads";
    using Work = gil::Work;
    using Mode = gil::Mode;
    using Check = gil::Check;
    enum class Sweep { None, Speedup, Race };

    /// Numbers of the current (or last) run; live while it runs.
    struct Measured {
        double wall_ms = 0, serial_ms = 0;
        std::optional<double> speedup; ///< once the threads have finished
        std::uint64_t switches = 0, drop_requests = 0;
        double gil_wait_ms = 0;
        /// The threads' CPU time over the wall time: how many cores they kept busy on average
        /// (with the GIL on, at most about one, however busy the machine is).
        std::optional<double> cores_used;
        std::int64_t balance = 0, lost_updates = 0;
        bool finished = false;
    };

    GilDemo();
    ~GilDemo() override;

    std::string title() const override { return std::string(kTitle); }
    /// It measures real time and real parallelism: logical time would hide both.
    bool supports_control() const override { return false; }
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    std::string summary() const override;
    // gil_runfile.cpp: a saved run's measurements and sweep points
    Json save_state() const override;
    bool load_state(const Json& state, std::string* error) override;

    /// Starts a sweep instead of a run (the view's buttons; the command line's --sweep).
    void start_sweep(Sweep s);
    Sweep sweep_kind() const { return run_sweep_; }
    std::vector<gil::SweepPoint> speedup_points() const;
    std::vector<gil::RacePoint> race_points() const;
    /// Sweep points done and in all, for a progress line.
    std::pair<int, int> sweep_progress() const;

    Measured measured() const;
    /// When the threads were released (the serial run's end; 0 before): their spans begin here.
    Nanos threads_started() const { return t0_.load(); }
    Mode mode() const { return run_mode_; }
    Work work() const { return run_work_; }
    int threads() const { return threads_; }
    double switch_ms() const { return ns_to_ms(interval_); }
    /// Per-thread sweep work (ms); tests shorten it.
    void set_sweep_work_ms(double ms) { sweep_work_ms_ = ms; }
    void set_race_iterations(std::int64_t n) { race_iterations_ = n; }

private:
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_reset() override;
    std::size_t ring_capacity() const override { return std::size_t{1} << 16; }

    void serial_body(Actor& a);
    void worker_body(Actor& a, int i);
    void sweep_body(Actor& a);
    gil::Runner runner(Actor& a, InterpreterLock* lock, int who);

    Param<std::int64_t> threads_param_;
    Param<Work> work_param_;
    Param<Mode> mode_param_;
    Param<std::int64_t> switch_us_, work_ms_, iterations_;
    Param<Check> check_;
    Param<Sweep> sweep_param_;

    // Fixed for a run (set in on_start, read by actors).
    Sweep pending_sweep_ = Sweep::None, run_sweep_ = Sweep::None;
    Mode run_mode_ = Mode::On;
    Work run_work_ = Work::Cpu;
    Check run_check_ = Check::EveryBytecode;
    int threads_ = 4;
    Nanos interval_ = 5'000'000;
    std::int64_t iterations_run_ = 0;
    gil::TaskSize size_;
    double sweep_work_ms_ = 20;
    std::int64_t race_iterations_ = 100000;
    std::vector<std::unique_ptr<InterpreterLock>> locks_; ///< On: one; processes: one per thread
    std::unique_ptr<gil::RaceShared> race_;

    std::atomic<bool> go_{false};       ///< the serial run is over: the threads start
    std::atomic<Nanos> t0_{0}, serial_ns_{0}, serial_wall_ns_{0}, last_end_{0};
    std::atomic<int> done_{0};
    std::atomic<Nanos> waited_ns_{0}, cpu_ns_{0};

    mutable std::mutex m_; // guards the sweep results
    std::vector<gil::SweepPoint> speedup_;
    std::vector<gil::RacePoint> race_points_;
    std::optional<Measured> shown_; ///< an opened run's numbers, as they were shown
};

} // namespace tl
