// The controlled scheduler: in step, seeded and replay modes exactly one actor runs between two
// scheduling points, and a Chooser decides which. The demo's own code runs unchanged on its
// real threads; each instrumented operation parks its thread at Actor::step (announcing the
// operation it is about to do and when it could move), and the scheduler wakes the chosen one.
// Sleeps become logical time: every step advances the clock by kTick, nobody waits.
//
//   Scheduler s(std::make_unique<SeededChooser>(42));
//   runtime.set_scheduler(&s);  ...spawn the actors...;  s.open();
//   s.wait_quiescent();          // finished, deadlocked, waiting for a choice, or a bad schedule
//   s.schedule();                // {0, 0, 1, 0, 1, ...}: replays the run exactly
//
// Decisions are taken once every enrolled actor is parked or finished, so the threads' start-up
// order cannot leak in: the same choices give the same events in the same order.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/sched/step_op.hpp"
#include "core/trace/clock.hpp"
#include "core/trace/recorder.hpp"

namespace tl {

/// "Can this actor move now?", evaluated by the scheduler while every actor is parked. A
/// non-owning reference to a callable living in the parked actor's frame; empty: always.
class EnabledFn {
public:
    EnabledFn() = default;
    template <class F> EnabledFn(const F& f) // NOLINT: implicit by design
        : obj_(&f), fn_([](const void* o) { return (*static_cast<const F*>(o))(); }) {}
    bool operator()() const { return fn_ == nullptr || fn_(obj_); }

private:
    const void* obj_ = nullptr;
    bool (*fn_)(const void*) = nullptr;
};

/// One actor as the scheduler sees it.
struct ActorSlot {
    enum class Status : std::uint8_t { Starting, Parked, Running, Finished };
    int index = 0;
    LaneId lane = 0;
    Status status = Status::Starting;
    StepOp op;            ///< the operation it is parked before
    bool enabled = false; ///< could move at the last decision
};

/// What a chooser decides from.
struct Decision {
    int step = 0;                          ///< number of steps taken so far
    const std::vector<ActorSlot>& actors;  ///< every actor, by index
    const std::vector<int>& enabled;       ///< indices of the actors that can move, ascending
};

/// Why a replayed schedule does not fit a run, as facts (the command line words them in
/// English with misfit_text, the window in the UI's language).
struct ScheduleMisfit {
    enum class Why : std::uint8_t { None, NoSuchThread, ThreadFinished, ThreadBlocked, ScheduleEnded, RunEnded };
    Why why = Why::None;
    int step = 0;              ///< 1-based step that does not fit (RunEnded: the steps the run took)
    int thread = 0;            ///< 1-based thread the schedule names there
    int threads = 0;           ///< threads this run has
    int schedule_steps = 0;    ///< RunEnded: the schedule's length
    std::vector<int> can_move; ///< 1-based threads that could have moved instead
};
/// "step 2: there is no thread 9 (this run has 2); threads that can move: 1 2".
std::string misfit_text(const ScheduleMisfit& m);

/// Picks the next actor: an index from d.enabled, kWait to leave the choice to choose() (step
/// mode), or kFail with *why set (a replayed schedule that does not fit).
class Chooser {
public:
    static constexpr int kWait = -1;
    static constexpr int kFail = -2;
    virtual ~Chooser() = default;
    virtual int choose(const Decision& d, std::string* why) = 0;
    /// Called once every actor has finished: a replay may find steps it never used.
    virtual bool at_end(int /*steps*/, std::string* /*why*/) { return true; }
    /// After a kFail or a false at_end: why, as facts (null when the chooser has none).
    virtual const ScheduleMisfit* misfit() const { return nullptr; }
};

/// Pseudo-random, reproducible from the seed (mt19937_64: the same on every machine).
class SeededChooser final : public Chooser {
public:
    explicit SeededChooser(std::uint64_t seed) : rng_(seed) {}
    int choose(const Decision& d, std::string* why) override;

private:
    std::mt19937_64 rng_;
};

/// Follows a schedule; past its end, either waits for choose() (`then_wait`: undo and replay
/// in step mode) or fails (the command line's exact replay).
class ReplayChooser final : public Chooser {
public:
    ReplayChooser(std::vector<int> schedule, bool then_wait) : schedule_(std::move(schedule)), then_wait_(then_wait) {}
    int choose(const Decision& d, std::string* why) override;
    bool at_end(int steps, std::string* why) override;
    const ScheduleMisfit* misfit() const override { return misfit_.why == ScheduleMisfit::Why::None ? nullptr : &misfit_; }

private:
    std::vector<int> schedule_;
    bool then_wait_;
    ScheduleMisfit misfit_;
};

/// Step mode: every choice is the user's.
class StepChooser final : public Chooser {
public:
    int choose(const Decision&, std::string*) override { return kWait; }
};

class Scheduler {
public:
    /// Logical time per step: a step is a readable column on the timeline.
    static constexpr Nanos kTick = 50'000'000;

    explicit Scheduler(std::unique_ptr<Chooser> chooser);
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // [SECTION] Actor side (Runtime and Actor call these)
    /// A new actor (on the spawning thread, before its thread starts).
    void enroll(int index, LaneId lane);
    /// Parks the actor before `op` until it is chosen. Returns false when the scheduler is
    /// stopping (the caller throws ActorStopped).
    bool park(int index, const StepOp& op, EnabledFn can_move);
    void finish(int index);
    /// Decisions may begin (after the demo has spawned its actors).
    void open();
    /// Wakes every parked actor (their park returns false).
    void stop();
    /// Takes no more than n steps (0: no limit), then the phase is Limited: a time-limited run
    /// ends at the same step every time.
    void set_step_limit(std::int64_t n) { step_limit_ = n; }
    /// The timestamp of an event recorded now by the running actor: its step's column.
    Nanos event_time() { return base_ + steps_.load(std::memory_order_relaxed) * kTick + 1000 * sub_.fetch_add(1, std::memory_order_relaxed); }
    /// The clock as observers see it: the end of the current step.
    Nanos now() const { return base_ + (steps_.load(std::memory_order_relaxed) + 1) * kTick; }

    // [SECTION] Observer side (UI, command line, explorer): any thread
    enum class Phase : std::uint8_t { Running, Waiting, Deadlocked, Finished, Failed, Stopped, Limited };
    struct Snapshot {
        Phase phase = Phase::Running;
        int steps = 0;
        std::vector<ActorSlot> actors;
        std::string error;     ///< Failed: why, in English (a schedule that does not fit)
        ScheduleMisfit misfit; ///< the same as facts (why None when it was not a misfit)
    };
    Snapshot snapshot() const;
    Phase phase() const;
    /// The steps taken, 0-based actor indices, in order.
    std::vector<int> schedule() const;
    int steps() const { return static_cast<int>(steps_.load(std::memory_order_relaxed)); }
    /// Blocks until nothing can happen without an outside choice: Waiting, Deadlocked,
    /// Finished, Failed or Stopped.
    Phase wait_quiescent() const;
    /// Step mode: runs actor `index` to its next scheduling point and waits until it is there
    /// (or finished; at most 2 s, so a caller never hangs). False with *why when it cannot move or nobody is waiting for a choice.
    bool choose(int index, std::string* why = nullptr);
    /// Replaces the chooser (step mode's "run on" uses a seeded one for a while).
    void set_chooser(std::unique_ptr<Chooser> c);
    /// Takes the decision again after something outside the actors changed who can move (a
    /// deadlock broken from the UI): a Deadlocked or Waiting run looks again.
    void rescan();

private:
    bool quiescent_locked() const;
    void decide_locked();
    void grant_locked(int index);
    struct Slot {
        ActorSlot view;
        EnabledFn can_move;
        std::condition_variable cv;
    };

    mutable std::mutex m_;
    mutable std::condition_variable changed_; ///< observers: a decision is pending or the run ended
    std::vector<std::unique_ptr<Slot>> slots_;
    std::unique_ptr<Chooser> chooser_;
    std::vector<int> schedule_;
    std::vector<int> enabled_;
    int current_ = -1;
    bool open_ = false;
    bool stopping_ = false;
    std::int64_t step_limit_ = 0;
    Phase phase_ = Phase::Running;
    std::string error_;
    ScheduleMisfit misfit_;
    const Nanos base_;
    std::atomic<std::int64_t> steps_{0};
    std::atomic<std::int64_t> sub_{0};
};

const char* phase_name(Scheduler::Phase p);

} // namespace tl
