// The runtime: starts a demo's actors as real threads with named lanes and stops them on demand.
//
//   Recorder rec;
//   Runtime rt(rec);
//   rt.spawn("Donor 1", [](Actor& a) { a.sleep(ms_to_ns(10)); a.point(ThreadState::Running); });
//   rt.request_stop();  // every wait inside an instrumented primitive notices within a few ms
//   rt.join();          // joins every thread
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/runtime/stop_flag.hpp"
#include "core/sched/scheduler.hpp"
#include "core/trace/recorder.hpp"

namespace tl {

/// Thrown out of a blocking wait when the runtime is stopping; the actor wrapper catches it.
struct ActorStopped {};

class Runtime;

/// One actor thread's handle: its lane, its index, and the two halves of every instrumented
/// operation: step() before it (the scheduling point) and point() after it (the record).
class Actor {
public:
    Actor(Runtime& rt, LaneId lane, int index);

    /// The one scheduling point every instrumented operation passes before it acts: under a
    /// controlled scheduler (step, seeded, replay) the thread parks here, announcing `op`,
    /// until it is chosen, and `can_move` says whether it could (a lock that is free). Live, it
    /// costs one test. Throws ActorStopped on a stop.
    void step(const StepOp& op, EnabledFn can_move = {}) {
        if (sched_) [[unlikely]]
            step_controlled(op, can_move);
    }
    /// The same for an operation that must happen even during a stop (an unlock, which may run
    /// in a destructor): never throws; when stopping it does not wait.
    void step_or_proceed(const StepOp& op) noexcept {
        if (sched_) [[unlikely]]
            sched_->park(index_, op, {});
    }
    /// Under a controlled scheduler: one actor runs at a time and sleeps take no time.
    bool controlled() const { return sched_ != nullptr; }
    /// The clock events are stamped with: real time, or the scheduler's logical steps.
    Nanos now() const { return sched_ ? sched_->event_time() : now_ns(); }

    /// Records the lane's new state after an operation (runs the runtime's hook, if any).
    void point(ThreadState s, std::uint32_t object = 0, std::int64_t value = 0) {
        pass(now(), value, object, EventKind::State, static_cast<std::uint8_t>(s));
    }
    /// The same point for a lock transition: ONE event (one timestamp) carries the lock
    /// bookkeeping for the analysers (`op` on `lock`, `holds` = hold count after it) and the
    /// lane's new state `s` (see sync_event in event.hpp). Every lock and every unlock passes
    /// here exactly once.
    void point(SyncOp op, std::uint32_t lock, ThreadState s, std::int64_t holds = 0) {
        point(op, lock, s, holds, now());
    }
    /// The same with a timestamp taken earlier: an unlock stamps while it still holds the lock
    /// (so its hold ends before the next holder's begins) and passes the point once released
    /// (so the hook never runs under the lock).
    void point(SyncOp op, std::uint32_t lock, ThreadState s, std::int64_t holds, Nanos ts) {
        pass(ts, holds, lock, EventKind::Sync, sync_sub(op, s));
    }
    /// Records an instant marker (lost update, note...).
    void mark(MarkKind k, std::uint32_t object = 0, std::int64_t value = 0) {
        ring_.emplace(now(), value, object, lane_, EventKind::Mark, static_cast<std::uint8_t>(k));
    }
    /// Records lock bookkeeping that does not change the lane's state (a wait abandoned because
    /// of a stop). Not a scheduling point.
    void sync(SyncOp op, std::uint32_t object, std::int64_t value = 0) {
        ring_.emplace(now(), value, object, lane_, EventKind::Sync, sync_sub(op));
    }

    /// Sleeps in `state` for d (stretched by the runtime's slow-motion factor); throws
    /// ActorStopped as soon as a stop is requested. Controlled: one Think step, no waiting.
    void sleep(Nanos d, ThreadState state = ThreadState::Sleeping, std::uint32_t object = 0);
    bool stop_requested() const;
    /// Throws ActorStopped when a stop was requested.
    void check_stop() const;

    LaneId lane() const { return lane_; }
    int index() const { return index_; }
    Runtime& runtime() { return rt_; }

private:
    inline void pass(Nanos ts, std::int64_t value, std::uint32_t object, EventKind kind, std::uint8_t sub);
    void run_hook(const Event& e);
    void step_controlled(const StepOp& op, EnabledFn can_move);
    Runtime& rt_;
    Scheduler* sched_; ///< the runtime's controlled scheduler, or null (live)
    RingBuffer& ring_; ///< this lane's ring, kept at hand: the hot path skips the recorder
    LaneId lane_;
    int index_;
};

class Runtime {
public:
    using Body = std::function<void(Actor&)>;
    /// Called at every scheduling point, on the actor's thread (empty by default).
    using PointHook = std::function<void(Actor&, const Event&)>;

    explicit Runtime(Recorder& rec) : rec_(rec) {}
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    /// Adds a lane named `name` and starts body on a new thread. Returns the actor's index.
    int spawn(LaneName name, Body body);

    void request_stop();
    bool stop_requested() const { return stop_.requested(); }
    /// Joins every thread started so far.
    void join();
    /// Number of actors whose body has not returned yet.
    int active() const { return active_.load(std::memory_order_acquire); }
    std::size_t spawned() const { return threads_.size(); }

    /// Slow motion: every Actor::sleep is multiplied by this factor (>= 1 slows down).
    void set_time_scale(double f) { time_scale_.store(f, std::memory_order_relaxed); }
    double time_scale() const { return time_scale_.load(std::memory_order_relaxed); }
    /// Set it before spawning the actors it should see.
    void set_point_hook(PointHook h) {
        hook_ = std::move(h);
        has_hook_ = static_cast<bool>(hook_);
    }

    /// A controlled scheduler for every actor spawned from now on (set before the first spawn;
    /// it must outlive the threads). Null: live, the operating system decides.
    void set_scheduler(Scheduler* s) { sched_ = s; }
    Scheduler* scheduler() const { return sched_; }
    /// The clock observers compare events with: real time, or the scheduler's.
    Nanos now() const { return sched_ ? sched_->now() : now_ns(); }

    /// Error messages of actors whose body threw something other than ActorStopped.
    std::vector<std::string> errors() const;

    Recorder& recorder() { return rec_; }

private:
    friend class Actor;
    bool wait_stop_until(std::chrono::steady_clock::time_point deadline);

    Recorder& rec_;
    std::vector<std::thread> threads_;
    StopFlag stop_;
    std::atomic<int> active_{0};
    std::atomic<double> time_scale_{1.0};
    PointHook hook_;
    Scheduler* sched_ = nullptr;
    bool has_hook_ = false; // read by every point: cheaper than testing the std::function
    mutable std::mutex mutex_; // guards errors_
    std::vector<std::string> errors_;
};

// The hot path, inline: record straight into the lane's ring, then the hook if there is one.
inline void Actor::pass(Nanos ts, std::int64_t value, std::uint32_t object, EventKind kind, std::uint8_t sub) {
    ring_.emplace(ts, value, object, lane_, kind, sub);
    if (rt_.has_hook_) [[unlikely]]
        run_hook(Event{ts, value, object, lane_, kind, sub});
}

} // namespace tl
