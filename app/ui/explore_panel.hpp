// The Explore window: every interleaving of the demo's current configuration, found by the
// explorer (core/sched/explorer.hpp) on a background thread, drawn as a bar chart of outcomes
// and a list of failures; "Show" replays an outcome's shortest schedule in the real demo, in
// step mode, so the class sees that exact interleaving.
//
// The search runs on a fresh instance of the demo (same id, parameters copied): the demo on
// screen stays free to run, step or replay meanwhile.
//
//   ExplorePanel panel;                       // a member of the LabView
//   panel.open();                             // the toolbar's Explore button
//   panel.frame(current_demo, launch);        // every frame, open or not (launch: Show's replay)
//   panel.forget();                           // demo switch, Reset: cancel, join, drop results
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/sched/explorer.hpp"

namespace tl::ui {

class ExplorePanel {
public:
    ExplorePanel();
    ~ExplorePanel(); ///< cancels and joins the search
    ExplorePanel(const ExplorePanel&) = delete;
    ExplorePanel& operator=(const ExplorePanel&) = delete;

    void open() { open_ = true; }
    void set_open(bool open) { open_ = open; }
    /// How Show starts the replay in the lab (its step controls: launch, then the user steps).
    using Launcher = std::function<void(Demo&, ScheduleConfig)>;
    bool is_open() const { return open_; }
    /// Once a frame whether the window is open or not: forgets the results when `demo` is not
    /// the demo they came from, collects a finished search, draws the window when open.
    /// `launch` starts a run under a schedule in the lab (kept for show()); empty: demo.start().
    void frame(Demo* demo, Launcher launch = {});

    // [SECTION] What the buttons do (public for the tests and the --explore option)

    /// The "Explore all interleavings" button: a configuration the size check finds large asks
    /// first (the window shows the warning and the choices); otherwise the search begins.
    /// False when it did not begin.
    bool request(const Demo& demo);
    /// Begins the search of `demo`'s configuration on a background thread (any earlier search
    /// is cancelled). `preemption_bound` < 0: none. False for a demo without control.
    bool begin(const Demo& demo, int preemption_bound = -1);
    /// Cancels the search and joins its thread; what it found so far stays (not complete).
    void cancel();
    /// cancel() and drop every result (demo switch, Reset, exit).
    void forget();
    /// Blocks until the background search ends by itself (tests; the window polls instead).
    void wait();
    /// True while a search runs (its thread not yet collected).
    bool exploring() const { return worker_.joinable(); }
    /// The latest report: the search's progress while it runs, its result once it ended.
    const ExploreReport* report() const { return have_report_ ? &report_ : nullptr; }
    /// Replays `schedule` in `demo` from the start, then waits for the user (step mode), through
    /// the lab's launcher; closes the window so the class sees the run.
    void show(Demo& demo, const std::vector<int>& schedule);
    /// Why exploring `demo` as configured may not complete ("" = small enough), in the UI's language.
    std::string size_warning(const Demo& demo) const;
    /// True when the report came from another configuration than `demo`'s current one.
    bool stale(const Demo& demo) const;
    /// True while the size warning waits for an answer.
    bool confirming() const { return confirming_; }

    ExploreLimits limits; ///< the budget of one search (the bound is set by begin)
    int offered_bound = 2; ///< the preemption bound the size warning offers

private:
    void collect();
    void draw(Demo& demo);
    void draw_controls(Demo& demo);
    void draw_bound_choice(Demo& demo, bool asking);
    void draw_summary();
    void draw_results(Demo& demo);

    bool open_ = false;
    bool confirming_ = false;
    Launcher launch_;
    const Demo* demo_ = nullptr;           ///< the demo the results belong to (never dereferenced off the UI thread)
    std::vector<std::int64_t> explored_;   ///< its parameter values when the search began

    // The background search. The worker owns its demo; it writes `shared_` under `mutex_`.
    std::thread worker_;
    std::atomic<bool> cancel_{false};
    struct Shared {
        ExploreReport report;
        bool updated = false;
        bool finished = false;
    };
    std::mutex mutex_;
    Shared shared_;

    ExploreReport report_; ///< the UI thread's copy
    bool have_report_ = false;
    bool finished_ = false; ///< report_ is the search's final word
};

/// A failure kind of the explorer ("lost_update") in words, in the UI's language.
std::string failure_words(const std::string& kind);
/// An outcome ("deadlock", 1100, [1, 1]) as a label, in the UI's language.
std::string outcome_label(const Json& result);
/// Why a search is not complete (ExploreReport::stopped_by), in the UI's language.
std::string stopped_words(const std::string& stopped_by);

} // namespace tl::ui
