// CPU scheduling (lesson 160): FCFS, SJF, SRTF, RR and MLFQ on 1-4 CPUs over a job table. The
// schedule is computed exactly and at once (core/demos/scheduler_sim.hpp); a run replays it in
// real time, one thread per job whose lane is ready / running / blocked as the schedule says,
// `unit-ms` per time unit, so the timeline and the per-CPU Gantt chart grow as it plays. The
// result (jobs, averages, Gantt, every algorithm's averages) is the computed one: a headless
// run does not wait for the replay.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/demos/scheduler_sim.hpp"

namespace tl {

class SchedulerDemo final : public DemoOf<SchedulerDemo> {
public:
    static constexpr std::string_view kId = "scheduler";
    static constexpr std::string_view kTitle = "CPU scheduling: who runs next";
    using Algorithm = sched_sim::Algorithm;

    SchedulerDemo();
    ~SchedulerDemo() override;

    std::string title() const override { return std::string(kTitle); }
    /// It replays a computed schedule in real time: there is nothing to interleave.
    bool supports_control() const override { return false; }
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    std::string summary() const override;
    /// A headless run ends at once: the result is computed, not measured.
    Nanos run_limit() const override { return 1; }
    /// Kept for a trace or a saved run: the whole replay (makespan x unit-ms).
    Nanos recorded_run_limit() const override { return 0; }
    std::string object_english(ThreadState state, std::uint32_t object) const override;
    DataTable data_table() const override;
    // scheduler_runfile.cpp: the replayed run's jobs and algorithm, and how far it had played
    Json save_state() const override;
    bool load_state(const Json& state, std::string* error) override;

    /// The schedule of the current parameters (or of the running replay).
    sched_sim::Schedule schedule() const;
    /// Every algorithm's schedule of the same jobs, CPUs and quantum (the compare view).
    std::vector<sched_sim::Schedule> compare() const;
    /// How far the replay has played, in time units (the whole schedule when not started).
    double played_units() const;
    bool played_once() const { return started(); }

private:
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_param_changed(std::string_view key) override;
    void on_stopped() override;
    void on_reset() override;
    void recompute();
    sched_sim::Config config() const;

    Param<Algorithm> algorithm_;
    Param<std::int64_t> quantum_, cpus_, boost_, unit_ms_;
    Param<std::string> jobs_;

    mutable std::mutex m_;
    sched_sim::Schedule schedule_;       ///< of the current parameters
    sched_sim::Schedule played_;         ///< of the run started last (actors read it)
    Nanos t0_ = 0;                       ///< the run's instant 0
    double unit_ns_ = 0;                 ///< one time unit, slow motion included
    double frozen_units_ = -1;           ///< where a stopped replay stopped (-1: it was not stopped)
    bool show_played_ = false;           ///< the view shows the replayed run, not the parameters'
};

} // namespace tl
