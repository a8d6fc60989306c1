// The donation race (from the tutorials): donors add to one balance, each reading it, thinking,
// then writing back; without the lock their updates overwrite each other and money is lost.
// The balance variant: two threads doing balance += n; balance -= n, whose result should be 0.
#pragma once
#include <array>
#include <atomic>
#include <climits>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/demo/demo.hpp"
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
    /// The lock switch flipped at time t (for shading the plot).
    struct LockChange {
        Nanos t = 0;
        bool on = false;
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
    // The balance variant does hundreds of thousands of operations in a fraction of a second.
    std::size_t ring_capacity() const override { return std::size_t{1} << (balance_variant() ? 18 : 15); }
    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_param_changed(std::string_view key) override;
    void on_poll(Nanos now) override;
    void on_stopped() override;
    void on_reset() override;

    void donor_body(Actor& a, int rounds);
    void balance_body(Actor& a, std::int64_t n, int rounds);
    void give(Actor& a, std::int64_t amount, bool barrier_round);
    void update_controlled(Actor& a, std::int64_t n);
    void finish_round(); ///< called by the last actor at the end-of-round barrier

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
    Param<Granularity> granularity_;

    InstrumentedMutex lock_{kLockId, false};
    RacyCounter balance_{kBalanceId, 0};
    std::atomic<std::int64_t> gifts_{0};          ///< completed gifts this round (continuous: this run)
    std::atomic<std::uint64_t> round_lost_base_{0}; ///< lost-update count when the round began
    std::atomic<bool> round_lock_{false};
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
