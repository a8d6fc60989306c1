// "You are the scheduler": the window's controls for a demo's controlled scheduler.
//  - the Schedule combo beside Start / Reset (Live, Step, Seeded + its seed) for the next Start;
//  - the strip above the timeline: steps so far, the schedule ("1 1 2 1 2"), Undo (Ctrl+Z),
//    Restart, Run to next event, Copy (the schedule as text), and Replay... (a small field to
//    paste a schedule and replay it);
//  - each lane's next operation in words (step_words.hpp), clickable when the thread can move,
//    and keys 1-9 to run thread 1-9 one step;
//  - "DEADLOCK: no thread can move" when nobody can.
// One per demo slot of the lab; it holds only the combo's choice and the last message (nothing
// is saved). Every action is a method, so tests drive it as a student would.
//
//   StepControl sc;  sc.set_mode(ScheduleMode::Step);
//   demo.set_schedule(sc.next_config());  sc.launch(demo, demo.schedule_config());
//   sc.step(demo, 0);  sc.step(demo, 1);  sc.undo(demo);   // steps() == 1
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/demo_view.hpp"
#include "app/ui/timeline_view.hpp"
#include "core/demo/demo.hpp"

namespace tl::ui {

/// What "Run to next event" stopped at.
enum class StepEvent : std::uint8_t {
    LostUpdate, ///< a LostUpdate marker appeared on the timeline
    LockTaken,  ///< the chosen thread now holds the lock it was after
    Dropped,    ///< a queue refused an item (a Dropped marker appeared)
    Deadlock,   ///< nobody can move
    Finished,   ///< the run ended (or reached its step limit)
    Cap,        ///< kRunCap steps and none of the above
    NotWaiting, ///< nothing to do: no controlled run waiting for a choice
};

class StepControl {
public:
    static constexpr int kRunCap = 10'000; ///< steps per "Run to next event" at most

    // [SECTION] the next Start
    void set_mode(ScheduleMode m) { mode_ = m; }
    ScheduleMode mode() const { return mode_; }
    void set_seed(std::uint64_t s) { seed_ = s; }
    /// What the combo says, for demo.set_schedule() before the next Start.
    ScheduleConfig next_config() const;

    // [SECTION] actions on the current run (false / None when there is nothing to do)
    /// Starts a run under `cfg`; a run that waits for choices (step, replay then step) is
    /// waited for until its threads stand at their first choice.
    void launch(Demo& d, ScheduleConfig cfg);
    /// Runs actor `index` one step, then polls the demo so the timeline shows it at once.
    bool step(Demo& d, int index, std::string* why = nullptr);
    /// Timeline lane -> the actor on it (-1 if none).
    int actor_of_lane(const Demo& d, int lane) const;
    /// The run again, replaying every step but the last, then waiting for the user.
    bool undo(Demo& d);
    /// The run again from its start, waiting for the user.
    bool restart(Demo& d);
    /// Chooses round-robin among the threads that can move until a lost update, a lock taken,
    /// a deadlock or the end (at most kRunCap steps).
    StepEvent run_to_next_event(Demo& d);
    /// Parses "1 2 1 1 2" and replays it, then waits for the user; false with *error (shown in
    /// red under the field) when the text is not a schedule.
    bool replay_text(Demo& d, std::string_view text, std::string* error = nullptr);
    /// The run's schedule to a file, headed by the command line that replays it; false (and said
    /// on the strip) when it cannot be written.
    bool save_file(const Demo& d, const std::string& path);
    /// A schedule file replayed (then stepped); false (and said) when unreadable or not a schedule.
    bool load_file(Demo& d, const std::string& path);

    // [SECTION] drawing (inside the lab's demo column)
    /// The combo (and the seed field in Seeded); only for demos that support control.
    void draw_schedule_combo(const Demo& d);
    /// The strip above the timeline while the run is controlled.
    void draw_strip(Demo& d);
    /// Lane `lane`'s note: the thread's next step ("1: read balance (1000)"), or "finished".
    LaneNote lane_note(const Demo& d, const DemoView& view, int lane) const;
    /// Every lane's note for draw_timeline, from one look at the scheduler; empty when none.
    LaneNoter noter(const Demo& d, const DemoView& view) const;
    /// True when lanes should carry notes (a controlled run that is not running by itself).
    bool shows_notes(const Demo& d) const;
    /// "DEADLOCK: no thread can move" when the controlled run is stuck; else "".
    std::string banner(const Demo& d) const;
    /// 1-9 run that thread a step, Ctrl+Z undoes. Call only when no text field is active.
    void handle_keys(Demo& d);
    /// Those keys for the status bar, when they apply.
    std::vector<KeyHint> keys(const Demo& d) const;
    /// The last message (an error in red, or what Run to next event found).
    const std::string& message() const { return message_; }

private:
    static LaneNote note_of(const Demo& d, const DemoView& view, const Scheduler::Snapshot& snap, int lane);
    void say(std::string m, bool error) {
        message_ = std::move(m);
        message_is_error_ = error;
    }

    ScheduleMode mode_ = ScheduleMode::Live;
    std::uint64_t seed_ = 1;
    int next_rr_ = 0;               ///< round-robin position of Run to next event
    std::string paste_;             ///< the schedule field's text
    std::string path_;              ///< the schedule file field's text
    std::string message_;
    bool message_is_error_ = false;
};

/// The last `max_steps` steps of a schedule as 1-based text, "... 2 1 2" when cut.
std::string schedule_tail(const std::vector<int>& schedule, std::size_t max_steps = 40);

} // namespace tl::ui
