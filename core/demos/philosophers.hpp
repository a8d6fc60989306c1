// The dining philosophers: N philosophers round a table, a fork (an instrumented mutex) between
// each pair; each thinks, takes two forks, eats, puts them down. Naively (left fork, then right)
// they can all hold their left fork and wait for their right one forever: a deadlock, which the
// wait-for graph finds and names, and which break_deadlock() undoes (one philosopher puts a fork
// down). The fixes: ordered forks, a waiter seating at most N-1, try-lock with back-off (which
// can livelock without jitter), and taking both at once (std::scoped_lock's way).
// The tutorials' variant, "scientists eating noodles": two shared locks, noodles and fork, taken
// in opposite orders by odd and even threads; or one lock used for both, recursive (the RLock
// remedy) or plain (a self-deadlock).
//
//   PhilosophersDemo d;
//   d.set_param_text("strategy", "naive");  d.set_param("hesitate-ms", 100);
//   d.start();  while (!d.deadlocked_now()) d.poll();
//   for (const WaitLink& l : d.deadlock_cycle()->links())   // facts, not sentences: the view
//       d.philosopher_name(l.waiter), d.lock_ref_of_id(l.lock), d.philosopher_name(l.holder);
//   d.break_deadlock();  // the run goes on
#pragma once
#include <array>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "core/analysis/deadlock_monitor.hpp"
#include "core/analysis/deadlock_watch.hpp"
#include "core/analysis/lock_order.hpp"
#include "core/demo/demo.hpp"
#include "core/runtime/barrier.hpp"
#include "core/runtime/instrumented_mutex.hpp"
#include "core/runtime/recursive_mutex.hpp"

namespace tl {

/// The waiter: at most `seats` philosophers at the table at once; a wait for a seat is
/// cancellable (2 ms timed waits re-checking the stop flag).
class WaiterSeats {
public:
    void reset(int seats) { free_.store(seats, std::memory_order_relaxed); }
    void sit(Actor& a);
    void leave(Actor& a);

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::atomic<int> free_{0}; ///< changed under m_; atomic for a controlled scheduler's question
};

/// What a lock of the demo is, as a fact the views word in their language: "fork 2" is
/// {Fork, 2}; the noodles variant's locks are {Noodles}, {NoodlesFork} (its one fork, shared by
/// everybody) or {NoodlesAndFork} (one lock serving for both); the waiter's seats are {Seat}.
struct LockRef {
    enum class Kind : std::uint8_t { Fork, Noodles, NoodlesFork, NoodlesAndFork, Seat, Other };
    Kind kind = Kind::Other;
    int number = 0; ///< Fork: the fork's number (1..N); Other: the lock id; else 0
    bool operator==(const LockRef&) const = default;
};

class PhilosophersDemo final : public DemoOf<PhilosophersDemo> {
public:
    static constexpr std::string_view kId = "philosophers";
    static constexpr std::string_view kTitle = "Deadlocking philosophers";
    enum class Variant { Table, Noodles };
    enum class Strategy { Naive, Ordered, Waiter, TryLock, Both };
    enum class Locks { Two, OneRecursive, OnePlain }; ///< noodles variant only
    enum class Phase : std::uint8_t { Thinking, Hungry, Eating, Done };

    static constexpr int kMaxPhilosophers = 16;
    static constexpr std::uint32_t kWaiterId = 1000; ///< object id of "waiting for a seat" spans

    /// One philosopher as the views draw it (built on demand from the model).
    struct Seat {
        LaneName name;
        Phase phase = Phase::Thinking;
        int waiting_for = -1;       ///< lock index it is blocked on (wait-for graph), or -1
        std::vector<int> holding;   ///< lock indices it holds (wait-for graph)
        std::uint64_t meals = 0;
        double hungry_ms = 0;       ///< how long it has been hungry right now (0 when not)
        double longest_wait_ms = 0; ///< longest hungry spell this run, the current one included
        bool in_deadlock = false;   ///< member of a confirmed cycle
    };

    PhilosophersDemo();
    ~PhilosophersDemo() override;

    std::string title() const override;
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    Json outcome() const override; ///< meals per philosopher
    std::uint64_t state_fingerprint() const override;
    /// The table's code (naive, ordered, waiter, both; the noodles with two locks); none for
    /// try-lock and the one-lock noodles.
    CodeListing code() const override;
    int code_line(const ActorSlot& a) const override;
    std::vector<SharedValue> shared_values() const override; ///< each lock's holder, each one's meals
    // philosophers_export.cpp: the trace's object names, the CSV's rows
    std::string object_english(ThreadState state, std::uint32_t object) const override;
    DataTable data_table() const override;
    // philosophers_runfile.cpp: a saved run's meals, waits and deadlock analysis
    Json save_state() const override;
    bool load_state(const Json& state, std::string* error) override;

    // [SECTION] The table (fixed for a run; the parameters' values before the first run)
    int count() const { return n_; }
    bool noodles() const { return noodles_; }
    Strategy strategy() const { return strategy_; }
    Locks locks_kind() const { return locks_kind_; }
    /// Table: N forks; noodles: 2 (noodles, fork), or 1 when one lock serves for both.
    int lock_count() const { return static_cast<int>(lock_ids_.size()); }
    std::uint32_t lock_id(int index) const { return lock_ids_[static_cast<std::size_t>(index)]; }
    int lock_index(std::uint32_t id) const;
    /// What lock `index` is: {Fork, index + 1} at the table, {Noodles} / {NoodlesFork} /
    /// {NoodlesAndFork} in the noodles variant.
    LockRef lock_ref(int index) const;
    /// The same by object id, as events and the analysers carry it: kWaiterId is {Seat}, an id
    /// of no lock of this table {Other, id}.
    LockRef lock_ref_of_id(std::uint32_t id) const;
    /// "P3" (table) or "Scientist 3" (noodles).
    LaneName philosopher_name(int i) const;
    /// Philosopher index holding lock `index` (wait-for graph), or -1.
    int lock_holder(int index) const;
    /// Hold count of lock `index` (2 when the recursive lock is held for noodles and fork).
    int lock_holds(int index) const;
    std::vector<Seat> seats() const;
    std::vector<std::uint64_t> meals() const;
    std::uint64_t total_meals() const;

    // [SECTION] Deadlock
    const DeadlockMonitor& deadlocks() const { return monitor_; }
    /// A confirmed cycle exists right now (the DEADLOCK banner).
    bool deadlocked_now() const { return monitor_.deadlocked(); }
    bool stuck_past_limit() const override {
        return running() && deadlocked_now() && run_limit() > 0 && clock() - run_start_ >= run_limit();
    }
    /// A deadlock was detected at some point of this run.
    bool deadlocked() const { return !monitor_.history().empty(); }
    /// First deadlock of the run: from the cycle closing to its detection.
    std::optional<double> detected_after_ms() const;
    /// English names of the first deadlock's members, in cycle order (the JSON's "cycle").
    std::vector<std::string> cycle_names() const;
    /// The current deadlock's cycle (else the last one of this run), or nothing. Lanes are
    /// philosopher indices (philosopher_name), locks object ids (lock_ref_of_id).
    std::optional<WaitCycle> deadlock_cycle() const;
    /// The first deadlock's cycle of this run, or nothing.
    std::optional<WaitCycle> first_cycle() const;
    /// One philosopher of the current cycle puts its fork down and steps back; false when there
    /// is no deadlock to break. Called from the UI thread.
    bool break_deadlock();
    std::uint64_t breaks() const { return breaks_.load(std::memory_order_relaxed); }

    // [SECTION] Lock order and livelock
    const LockOrderGraph& lock_order() const { return lock_order_; }
    /// The first lock-order inversion of this run (lanes: philosopher indices; locks: object
    /// ids, see lock_ref_of_id), or null. Valid until the next poll, start or reset.
    const LockInversion* first_inversion() const;
    /// Livelock seen during this run: threads busy, no cycle, yet no meal for a whole window.
    bool livelock() const { return livelock_seen_; }
    bool livelock_now() const { return livelock_now_; }
    /// Meals per second over the last window (the livelock test).
    double meal_rate() const { return meal_rate_; }
    /// The window the livelock test uses (scales with the times and slow motion).
    Nanos livelock_window() const;

private:
    struct Philosopher {
        std::atomic<std::uint64_t> meals{0};
        std::atomic<Phase> phase{Phase::Thinking};
        std::atomic<Nanos> hungry_since{0};
        std::atomic<Nanos> longest_wait{0};
        std::atomic<bool> give_up{false}; ///< break_deadlock(): abandon the blocked wait
        std::atomic<int> lane{-1};                ///< the philosopher's lane, for the watch
        std::atomic<std::uint32_t> blocked_on{0}; ///< lock id of a blocking lock call under way, or 0
    };
    /// Two lock indices as taken (the one-lock modes take index 0 twice).
    struct Held {
        int first = -1, second = -1;
    };

    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_event(const Event& e) override;
    void on_poll(Nanos now) override;
    void on_stopped() override;
    void on_reset() override;
    void on_param_changed(std::string_view key) override;
    void configure();
    void start_watch(Runtime& rt); ///< live runs: the deadlock watch reads these locks ///< reads the run's shape from the parameters
    // The command line's English (the JSON's cycle_text and inversion_text); the UI words the
    // facts itself.
    std::string english(const LockRef& r) const;
    std::string english(const WaitCycle& c) const;
    std::string english(const LockInversion& inv) const;

    // philosophers_code.cpp
    struct CodeMap; ///< the listing and the line of each step
    CodeMap code_map() const;
    // philosophers.cpp
    void philosopher(Actor& a, int i, Nanos end);
    void meals_until(Actor& a, int i, Nanos end, std::minstd_rand& rng);
    Nanos vary(Nanos base, std::minstd_rand& rng) const;
    // philosophers_strategies.cpp
    Held take_forks(Actor& a, int i, std::minstd_rand& rng);
    Held take_in_order(Actor& a, int i, int first, int second);
    Held take_trying(Actor& a, int i, std::minstd_rand& rng);
    Held take_both(Actor& a, int first, int second);
    Held take_one_lock(Actor& a, int i);
    void put_down(Actor& a, const Held& h);
    void release_all(Actor& a);
    void lock_blocking(Actor& a, int index);
    bool lock_or_give_up(Actor& a, int index, int i);
    bool try_lock(Actor& a, int index);
    void unlock(Actor& a, int index);
    Nanos hesitation() const;
    Nanos backoff(Actor& a, std::minstd_rand& rng) const;
    std::pair<int, int> forks_of(int i) const; ///< (left, right) lock indices

    // Parameters, in the order the panel and --help list them.
    Param<std::int64_t> count_;
    Param<Strategy> strategy_param_;
    Param<Variant> variant_;
    Param<std::int64_t> think_ms_, eat_ms_, hesitate_ms_, duration_ms_, meals_;
    Param<bool> jitter_;
    Param<Locks> locks_param_;

    // The run's shape.
    int n_ = 5;
    bool noodles_ = false;
    Strategy strategy_ = Strategy::Naive;
    Locks locks_kind_ = Locks::Two;
    std::vector<std::uint32_t> lock_ids_;
    std::uint32_t run_seed_ = 1;

    std::vector<std::unique_ptr<InstrumentedMutex>> locks_;
    std::unique_ptr<RecursiveMutex> rlock_;
    std::unique_ptr<ActorBarrier> start_barrier_;
    WaiterSeats seats_;
    std::array<Philosopher, kMaxPhilosophers> phil_;
    std::atomic<std::uint64_t> breaks_{0};

    // Poll thread only.
    DeadlockMonitor monitor_;
    LockOrderGraph lock_order_;
    Nanos run_start_ = 0;
    std::uint64_t last_total_ = 0;
    Nanos last_meal_seen_ = 0;
    double meal_rate_ = 0;
    std::vector<std::pair<Nanos, std::uint64_t>> meal_samples_;
    bool livelock_now_ = false, livelock_seen_ = false;
    bool deadlocked_at_end_ = false;
    std::vector<double> shown_hungry_ms_; ///< an opened run's hungry spells as they were shown

    // Its own thread; declared last so it stops before the locks it reads are destroyed.
    DeadlockWatch watch_;
};

} // namespace tl
