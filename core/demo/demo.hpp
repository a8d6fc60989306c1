// The base every demo derives from: parameters, a run of real threads, the recorder that
// carries their events, and the timeline the views draw. One file pair per demo in
// core/demos/, listed once in core/demos/all_demos.hpp (see docs/adding-a-demo.md).
//
//   DonationDemo demo;
//   demo.set_param_text("lock", "off");
//   demo.start();
//   while (demo.running()) { demo.poll(); ... }   // the UI calls poll() once per frame
//   demo.stop();                                   // joins every thread
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/demo/data_table.hpp"
#include "core/demo/params.hpp"
#include "core/runtime/runtime.hpp"
#include "core/sched/scheduler.hpp"
#include "core/trace/chrome_trace.hpp"
#include "core/trace/time_merge.hpp"
#include "core/trace/timeline.hpp"
#include "core/util/json.hpp"

namespace tl {

/// Who decides which thread runs next, for the next start().
enum class ScheduleMode : std::uint8_t {
    Live,   ///< the operating system (real timing)
    Step,   ///< the user, one step at a time
    Seeded, ///< a pseudo-random scheduler, reproducible from the seed
    Replay, ///< a given schedule, exactly (then: the user, if `then_step`; else it must fit)
};
const char* schedule_mode_name(ScheduleMode m);
struct ScheduleConfig {
    ScheduleMode mode = ScheduleMode::Live;
    std::uint64_t seed = 1;
    std::vector<int> schedule; ///< Replay: 0-based actor indices
    bool then_step = false;    ///< Replay: past the schedule's end, wait for the user
};

/// The few lines of Python-like code a demo's threads run, as the lessons show them: step
/// mode marks the line each thread is parked before. Code is code: never translated.
struct CodeListing {
    std::vector<std::string> lines;
};
/// One variable of that code and its value now: shared (`actor` -1) or a thread's local.
struct SharedValue {
    std::string name;        ///< as in the listing ("balance", "seen")
    std::int64_t value = 0;
    int actor = -1;          ///< -1: shared; else the actor index whose local it is
    bool known = true;       ///< false: not assigned yet (the view shows a dash)
    bool holder = false;     ///< value is the actor index holding it (a fork), -1 free
};

/// One number the UI and the command line show ("lost_updates", "Lost updates", 12).
struct Metric {
    std::string key;
    std::string label; ///< English; the UI translates
    double value = 0;
    bool integer = true;
};

/// A run read back from a saved file (core/demo/run_file.hpp): on show, not running.
struct RecordedRun {
    std::string file;         ///< the path it was opened from
    std::string recorded;     ///< when it was saved (UTC, "2026-12-02 19:30")
    Json schedule = Json::object(); ///< to_json()'s scheduler fields as saved (none for a live run)
    std::uint64_t overflow = 0;     ///< trace events the recording run dropped
};

class Demo {
public:
    virtual ~Demo();

    /// The demo's one constant id ("donation"): D::kId, given by DemoOf<D>.
    virtual std::string_view id() const = 0;
    virtual std::string title() const = 0;

    /// Read-only outside the demo: every change goes through set_param / set_param_text.
    const ParamSet& params() const { return params_; }
    /// Sets a parameter (validated) and lets a running demo react (the lock switch).
    bool set_param(std::string_view key, std::int64_t v, std::string* error = nullptr);
    bool set_param_text(std::string_view key, std::string_view text, std::string* error = nullptr);
    template <class T> bool set(const Param<T>& p, T v, std::string* error = nullptr) {
        return set_param(p.key(), static_cast<std::int64_t>(v), error);
    }
    /// Every parameter back to its default (a lesson's preset starts from there).
    void reset_params();

    /// Stops any previous run, then starts the actors. Results of earlier runs are kept.
    void start();
    /// The same under a controlled scheduler with this chooser (the explorer's).
    void start(std::unique_ptr<Chooser> chooser);

    /// How the next start() schedules the threads (live by default).
    void set_schedule(ScheduleConfig c) { schedule_ = std::move(c); }
    const ScheduleConfig& schedule_config() const { return schedule_; }
    /// The current run's controlled scheduler, or null (live, or not started).
    Scheduler* scheduler() const { return scheduler_.get(); }
    /// Whether step, seeded and replay modes make sense for this demo (a demo that measures
    /// real time says no).
    virtual bool supports_control() const { return true; }
    /// The clock the run's events use: real time, or the scheduler's logical steps.
    Nanos clock() const { return runtime_ ? runtime_->now() : now_ns(); }

    // [SECTION] For the explorer: what a finished controlled run came to
    /// The run's result as one value (donation: the final balance); null if it has none.
    virtual Json outcome() const { return nullptr; }
    /// The failure classes this run showed ("lost_update", "item_lost"...); a deadlock is the
    /// scheduler's to say.
    virtual std::vector<std::string> failures() const { return {}; }
    /// A hash of the shared state (values, holders) for counting distinct states.
    virtual std::uint64_t state_fingerprint() const { return 0; }
    // [SECTION] Code beside the threads (step mode): the listing, where each thread is, the values
    /// The code the current parameters run (empty: the demo shows none).
    virtual CodeListing code() const { return {}; }
    /// The 0-based line of code() that actor `a` is parked before (from its operation), or -1.
    virtual int code_line(const ActorSlot& /*a*/) const { return -1; }
    /// The listing's variables now: shared ones first, then each thread's locals.
    virtual std::vector<SharedValue> shared_values() const { return {}; }
    // [SECTION] For the exports (core/demo/run_export.hpp): English names, series, rows
    /// A span's object in English for the trace ("fork 3", "the balance lock"); "" for none.
    virtual std::string object_english(ThreadState /*state*/, std::uint32_t /*object*/) const { return {}; }
    /// The shared values over time, as trace counters (donation: expected and actual balance).
    virtual std::vector<CounterTrack> counter_tracks() const { return {}; }
    /// The run's data for the CSV: a row per round, or per sample of the plotted series; none
    /// by default (the metrics file still has the numbers).
    virtual DataTable data_table() const { return {}; }
    /// Ring size for the next runs, 0 for the demo's own (the explorer's runs are short).
    void set_ring_capacity_override(std::size_t n) { ring_override_ = n; }
    // [SECTION] Saved runs (core/demo/run_file.hpp)
    /// What the views draw beyond the timeline (rounds, plot series, tables), as JSON; null when
    /// the demo keeps nothing else. Called on a stopped demo.
    virtual Json save_state() const { return nullptr; }
    /// Puts back what save_state() wrote, on a reset demo whose parameters are the saved ones.
    /// False with `error` naming the problem (the demo is then reset again by the caller).
    virtual bool load_state(const Json& /*state*/, std::string* error) {
        if (error) *error = "this demo's runs cannot be saved";
        return false;
    }
    /// The saved run on show, or null. start() and reset() forget it.
    const RecordedRun* recorded() const { return recorded_.get(); }
    /// For run_file: shows `timeline` as the (stopped) run that `r` describes.
    void show_recorded(Timeline timeline, RecordedRun r);
    /// Requests a stop and joins every thread. Safe in every state, deadlock included.
    void stop();
    /// Only asks every actor to stop, without waiting: callable from another thread while this
    /// one polls (the command line's Ctrl+C), between start() and stop().
    void request_stop() const {
        if (runtime_) runtime_->request_stop();
    }
    /// stop() and forget everything: timeline, metrics, history.
    void reset();

    /// True from start() until every actor has returned.
    bool running() const { return runtime_ && runtime_->active() > 0; }
    /// Running past its duration because its threads cannot end by themselves (a deadlock holds
    /// them until Break or Stop): the window says so instead of a plain "running".
    virtual bool stuck_past_limit() const { return false; }
    bool started() const { return runtime_ != nullptr; }

    /// Drains recorded events into the timeline and the demo's analysers, every lane's merged
    /// in timestamp order (a lane's own order kept): events recorded while the rings were being
    /// drained wait for the next poll, so analysers see one timeline. Call from one thread.
    void poll();

    const Timeline& timeline() const { return timeline_; }
    Timeline& timeline() { return timeline_; }
    /// Events the recorder had to drop since the run started (shown, never silent).
    std::uint64_t overflow() const {
        return recorder_ ? recorder_->total_overflow() : recorded_ ? recorded_->overflow : 0;
    }
    /// Errors thrown by actor bodies.
    std::vector<std::string> errors() const { return runtime_ ? runtime_->errors() : std::vector<std::string>{}; }

    virtual std::vector<Metric> metrics() const = 0;
    /// This run's result as one JSON object (command line --json): "demo" and the demo's fields.
    Json to_json() const;
    /// Plain-text result for the command line.
    virtual std::string summary() const;
    /// The labels and tones of the states this demo's lanes use, where they differ from the
    /// generic ones ("thinking" for Sleeping) or are its own (custom_state(n)).
    virtual std::vector<StateStyle> state_styles() const { return {}; }

    /// How long a headless run lasts before it is stopped (0: until every actor returns).
    /// Default: the "duration-ms" parameter when the demo has one.
    virtual Nanos run_limit() const;
    /// The same when the run's timeline is kept (a headless run with --trace or --save-run): a demo
    /// whose result is computed at once still plays its run to the end, so the file holds all of it.
    virtual Nanos recorded_run_limit() const { return run_limit(); }

    /// Slow motion for the classroom: stretches every sleep of the next and current run.
    void set_time_scale(double f);
    double time_scale() const { return time_scale_; }

protected:
    Demo() = default;
    /// Spawns the actors on rt. Called by start() on a fresh runtime.
    virtual void on_start(Runtime& rt) = 0;
    /// After a parameter changed (`key`; "" after reset_params).
    virtual void on_param_changed(std::string_view /*key*/) {}
    virtual void on_event(const Event& /*e*/) {}
    /// After each poll, with the current time (sampling, analysis, round detection).
    virtual void on_poll(Nanos /*now*/) {}
    virtual void on_stopped() {}
    virtual void on_reset() {}
    /// The demo's own result fields (result() adds "demo" first and "trace_events_dropped").
    virtual void write_result(Json& j) const = 0;

    /// Per-lane ring size for the next run; demos with very busy lanes raise it.
    virtual std::size_t ring_capacity() const { return std::size_t{1} << 15; }

    ParamSet params_;

private:
    void sync_lane_names();
    void launch(std::unique_ptr<Chooser> chooser);
    std::unique_ptr<Recorder> recorder_;
    TimeMerge merge_; ///< drained events not yet handed on (newer than the last poll's cutoff)
    ScheduleConfig schedule_;
    std::size_t ring_override_ = 0;
    std::unique_ptr<Scheduler> scheduler_; ///< declared before runtime_: it outlives the threads
    std::unique_ptr<Runtime> runtime_;
    Timeline timeline_;
    std::unique_ptr<RecordedRun> recorded_;
    double time_scale_ = 1.0;
};

/// What each demo derives from: its id is the class's one constant, D::kId.
template <class D> class DemoOf : public Demo {
public:
    std::string_view id() const final { return D::kId; }
};

} // namespace tl
