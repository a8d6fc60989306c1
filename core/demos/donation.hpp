// The donation race (from the tutorials): donors add to one balance, each reading it, thinking,
// then writing back; without the lock their updates overwrite each other and money is lost.
// The balance variant: two threads doing balance += n; balance -= n, whose result should be 0.
#pragma once
#include <array>
#include <chrono>
#include <atomic>
#include <climits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/trace/recorder.hpp"
#include "core/runtime/barrier.hpp"
#include "core/runtime/instrumented_mutex.hpp"
#include "core/runtime/racy_counter.hpp"

namespace tl {

class DonationDemo final : public DemoOf<DonationDemo> {
public:
    static constexpr std::string_view kId = "donation";
    static constexpr std::string_view kTitle = "The donation race";
    enum class Variant { Donation, Balance };
    enum class Mode { Round, Continuous };
    /// What one step is under a controlled scheduler (balance variant): `balance += n` as its
    /// machine steps (load, add, store) or as one line.
    enum class Granularity { Machine, Line };

    /// One finished round: the final balance against the expected one.
    struct Round {
        std::int64_t expected = 0;
        std::int64_t actual = 0;
        std::uint64_t lost_updates = 0;
        bool lock = false; ///< the lock switch when the round began
        std::int64_t lost_money() const { return expected - actual; }
    };
    /// A point of the live error plot.
    struct Sample {
        Nanos t = 0;
        std::int64_t expected = 0;
        std::int64_t actual = 0;
        std::uint64_t lost_updates = 0;
    };
    /// The lock switch at time t: where a run began or ended (the shading's edges) or where the
    /// user flipped it. Round mode: a flip applies from the next round, never to the one under way.
    struct LockChange {
        enum class Kind : std::uint8_t {
            RunStart, ///< the switch as the run began
            Flip,     ///< flipped during the run
            RunEnd,   ///< the switch as the run ended (closes the last band)
            AfterEnd, ///< flipped after the run ended: it applies to the next run only
        };
        Nanos t = 0;
        bool on = false;
        Kind kind = Kind::Flip;
        /// Round mode, a Flip: the round (1-based, of this run) under way when it was flipped; it
        /// applies from round + 1. 0 in continuous mode, where it applies at once.
        int round = 0;
        std::int64_t lost_money_before = 0;   ///< continuous: money lost in the run before the flip
        std::uint64_t lost_updates_before = 0; ///< continuous: updates lost in the run before the flip
        bool is_flip() const { return kind == Kind::Flip || kind == Kind::AfterEnd; }
    };

    static constexpr std::uint32_t kBalanceId = 1;
    static constexpr std::uint32_t kLockId = 1;
    enum BarrierId : std::uint32_t { kStartGate = 1, kReadBarrier, kRoundBarrier };

    DonationDemo();
    ~DonationDemo() override;

    std::string title() const override;
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    Nanos run_limit() const override; ///< rounds end by themselves; continuous runs for duration-ms
    Json outcome() const override;                     ///< the final balance (a list with several rounds)
    std::vector<std::string> failures() const override; ///< "lost_update"
    std::uint64_t state_fingerprint() const override;
    CodeListing code() const override;
    int code_line(const ActorSlot& a) const override;
    std::vector<SharedValue> shared_values() const override; ///< balance, then seen / n, tmp per thread
    // donation_export.cpp: the trace's object names and counters, the CSV's rows
    std::string object_english(ThreadState state, std::uint32_t object) const override;
    std::vector<CounterTrack> counter_tracks() const override;
    DataTable data_table() const override;
    // donation_runfile.cpp: what the cards, round table and plot draw, for a saved run
    Json save_state() const override;
    bool load_state(const Json& state, std::string* error) override;

    bool balance_variant() const { return variant_() == Variant::Balance; }
    bool continuous() const { return mode_() == Mode::Continuous; }
    bool lock_on() const { return lock_on_(); }

    std::vector<Round> rounds() const;
    /// The rounds of the current (or last) run only.
    std::vector<Round> run_rounds() const;
    /// What the cards show: the live values while running (and in continuous mode), else the
    /// last finished round.
    struct Shown {
        std::int64_t expected = 0, actual = 0;
        std::uint64_t lost_updates = 0;
    };
    Shown shown() const;
    const std::vector<Sample>& samples() const { return samples_; }
    const std::vector<LockChange>& lock_changes() const { return lock_changes_; }
    /// The last flip of the switch since the current (or last) run began, if any.
    std::optional<LockChange> last_flip() const;
    /// Round mode: whether a flip during `round` still has a round of this run to apply to.
    bool flip_applies_this_run(const LockChange& c) const {
        return c.kind == LockChange::Kind::Flip && (c.round == 0 || static_cast<std::size_t>(c.round) < run_round_count_);
    }
    /// What has happened since the last flip (the headline's "since lock on: N lost"): continuous,
    /// the losses after the flip; round mode, the rounds from the one it applies to.
    struct SinceFlip {
        bool on = false;
        int from_round = 0;        ///< round mode: the first round with the new setting (0: continuous)
        int rounds_finished = 0;   ///< round mode: how many of those rounds have finished
        std::int64_t lost_money = 0;
        std::uint64_t lost_updates = 0;
    };
    /// Empty when the run had no flip that applies to it (none, or only after the end).
    std::optional<SinceFlip> since_last_flip() const;
    /// Where this run's rounds begin in rounds() (earlier runs' rounds come first).
    std::size_t run_first_round() const {
        std::lock_guard lk(results_mutex_);
        return run_first_round_;
    }
    /// Rounds this run does (0: continuous).
    std::size_t run_round_count() const { return run_round_count_; }
    /// Round mode without the start barrier (live): when each donor starts in the round under way,
    /// counted from the round's beginning, as the tutorial's loop starts one thread after another.
    const std::vector<Nanos>& start_offsets() const { return start_offsets_; }
    /// What each donor adds to the balance in this run (a lost-update marker's writer wrote what
    /// it read plus this); empty for the balance variant, whose threads add and subtract.
    std::optional<std::int64_t> gift_of_run() const {
        if (balance_variant_run_) return std::nullopt;
        return amount_;
    }
    /// Expected balance right now (initial plus every completed gift; constant for the balance variant).
    std::int64_t expected_now() const;
    std::int64_t actual_now() const { return balance_.value(); }
    std::uint64_t lost_updates_now() const { return balance_.lost_updates() - round_lost_base_.load(std::memory_order_relaxed); }
    /// Balance variant, machine steps: the value thread `index` (0 or 1) loaded last, which its
    /// compute step adds to (step mode shows "compute 5 + 8 = 13"); nothing before its first load.
    std::optional<std::int64_t> loaded_by(int index) const {
        if (index < 0 || index >= kMaxLocals) return std::nullopt;
        const Local& l = locals_[static_cast<std::size_t>(index)];
        if (!l.known.load(std::memory_order_relaxed)) return std::nullopt;
        return l.value.load(std::memory_order_relaxed); // before its compute step: what it loaded
    }

private:
    // The balance variant does hundreds of thousands of operations in a fraction of a second;
    // hundreds of donors share the ring budget (at 256 the rings and the merge buffer once held
    // 850 MB while the poller fell behind on a loaded machine).
    std::size_t ring_capacity() const override {
        if (balance_variant()) return std::size_t{1} << 18;
        return ring_capacity_for(static_cast<std::size_t>(donors_()) + 1, std::size_t{1} << 15);
    }
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_param_changed(std::string_view key) override;
    void on_poll(Nanos now) override;
    void on_stopped() override;
    void on_reset() override;
    void note_run_end(); ///< the RunEnd entry, once per run

    void donor_body(Actor& a, int rounds);
    void balance_body(Actor& a, std::int64_t n, int rounds);
    void give(Actor& a, std::int64_t amount, bool barrier_round);
    void update_controlled(Actor& a, std::int64_t n);
    bool switch_out(Actor& a, int me, bool plus); ///< balance variant, live: see donation.cpp
    void hand_back(Actor& a, int me);
    void release_switch(int holder);
    void switch_back_in(Actor& a, int me);
    void reset_switchers();
    void finish_round(); ///< called by the last actor at the end-of-round barrier
    /// Draws when each donor starts next round (staggered_round: one after another, else all at 0).
    void plan_starts(bool staggered_round);
    bool staggered_next_round() const; ///< live round mode, donation, no read barrier

    // donation_code.cpp: the listing and where each thread is in it.
    struct CodeMap; ///< the listing and the line of each operation, for the current parameters
    CodeMap code_map() const;
    /// What a thread's own variables hold (seen / tmp), written by the thread, read by the view.
    struct Local {
        std::atomic<std::int64_t> value{0};
        std::atomic<bool> known{false};
        std::atomic<bool> minus{false}; ///< balance variant: inside `balance = balance - n`
    };
    static constexpr int kMaxLocals = 256; ///< the donors' maximum
    void set_local(const Actor& a, std::int64_t v);
    void clear_locals();

    // Parameters, declared in the order the panel and --help list them.
    Param<Variant> variant_;
    Param<Mode> mode_;
    Param<std::int64_t> donors_, amount_param_, initial_param_, think_ms_;
    Param<bool> lock_on_;
    Param<std::int64_t> rounds_param_, iterations_;
    Param<bool> yield_;
    Param<std::int64_t> duration_ms_;
    Param<bool> barrier_;
    Param<std::int64_t> start_us_;
    Param<Granularity> granularity_;

    InstrumentedMutex lock_{kLockId, false};
    RacyCounter balance_{kBalanceId, 0};
    std::atomic<std::int64_t> gifts_{0};          ///< completed gifts this round (continuous: this run)
    std::atomic<std::uint64_t> round_lost_base_{0}; ///< lost-update count when the round began
    std::atomic<bool> round_lock_{false};
    /// Round mode: the switch the next round will use, and how many rounds of this run finished;
    /// both under results_mutex_, so a flip and a round's end agree on which round it applies to.
    bool next_round_lock_ = false;
    int run_rounds_done_ = 0;
    bool live_run_ = true; ///< the operating system schedules this run (no controlled scheduler)
    std::vector<Nanos> start_offsets_; ///< per donor; rewritten only while every donor waits
    std::mt19937_64 pace_rng_{std::random_device{}()};
    /// Balance variant, live: each thread's writes by sign, for the other's mid-update switches.
    struct alignas(64) Switcher {
        std::atomic<std::uint64_t> plus_writes{0}, minus_writes{0};
        std::atomic<bool> done{false}; ///< its updates of this round are over
        std::atomic<bool> want_plus{false};      ///< switched out: the sign of the write it waits for
        std::atomic<std::uint64_t> want_count{0}; ///< ... and that sign's count once it is made
    };
    static constexpr std::int64_t kSwitchesPerRound = 200; ///< per thread, on average
    /// The longest a thread waits for the other during one switch (then it simply goes on).
    static constexpr std::chrono::milliseconds kMaxSwitchWait{20};
    std::array<Switcher, 2> switchers_;
    std::atomic<int> switch_holder_{-1}; ///< the thread switched out now (one at a time: no deadlock)
    std::atomic<std::uint64_t> switch_gen_{0}; ///< switches released so far
    std::atomic<bool> switch_written_{false};  ///< the switched-out thread has made its write
    std::int64_t initial_ = 0, amount_ = 0;       ///< fixed for a run
    bool balance_variant_run_ = false;
    std::unique_ptr<ActorBarrier> start_gate_, read_barrier_, round_barrier_;
    std::array<Local, kMaxLocals> locals_;
    std::size_t run_round_count_ = 0; ///< rounds this run will do (0: continuous)

    mutable std::mutex results_mutex_; // rounds_ is appended by actor threads
    std::vector<Round> rounds_;
    std::size_t run_first_round_ = 0;       ///< rounds_ of earlier runs come before this index
    std::vector<Sample> samples_;           // UI / poll thread only
    std::vector<LockChange> lock_changes_;  // UI / poll thread only
    Nanos last_sample_ = 0;
};

} // namespace tl
