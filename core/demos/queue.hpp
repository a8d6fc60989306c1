// Producers and consumers meet at a queue (from the tutorials): watch it fill and block
// producers, run dry and block consumers, refuse items (put_nowait), answer "empty"
// (get_nowait), time out, drain or be terminated with items still inside, and, with its lock
// switched off, lose and duplicate items. A bookkeeper checks every item at the end:
// produced = consumed + dropped + in queue + lost at shutdown.
//
//   QueueDemo d;
//   d.set_param_text("policy", "priority");
//   d.start();  while (d.running()) d.poll();  d.stop();
//   d.result().balanced, d.result().lost_items, ...
#pragma once
#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <mutex>
#include <vector>

#include "core/demo/demo.hpp"
#include "core/demos/queue_checker.hpp"
#include "core/runtime/instrumented_queue.hpp"

namespace tl {

class QueueDemo final : public DemoOf<QueueDemo> {
public:
    static constexpr std::string_view kId = "queue";
    static constexpr std::string_view kTitle = "Producers and consumers: a bounded queue";
    enum class Shutdown { Drain, Terminate };
    static constexpr std::uint32_t kQueueId = 1;
    static constexpr int kMaxActors = 16;
    /// A consumer whose non-blocking get found the queue empty looks again after this long.
    static constexpr double kEmptyRetryMs = 5;
    /// Lock off: the pause inside each operation's race window (between reading an index and
    /// writing it back) that makes lost and duplicated items likely rather than rare.
    static constexpr double kUnlockedWindowMs = 1;

    /// A point of the live plots (every ~10 ms while running).
    struct Sample {
        Nanos t = 0;
        std::int64_t depth = 0;
        std::uint64_t produced = 0; ///< accepted + dropped so far
        std::uint64_t consumed = 0;
        std::uint64_t dropped = 0;
        double put_rate = 0; ///< items/s produced over the last ~250 ms
        double get_rate = 0; ///< items/s consumed over the last ~250 ms
    };
    /// The line that must balance: produced = consumed + dropped + in queue + lost at shutdown.
    struct Bookkeeping {
        std::uint64_t produced = 0, consumed = 0, dropped = 0, in_queue = 0, lost_at_shutdown = 0;
        bool balanced = true;
    };
    /// What the view draws this frame, taken under the queue's mutex.
    struct Snapshot {
        QueueStats stats;
        std::vector<QueueItem> items; ///< next-out first, at most the max asked for
        int capacity = 0;             ///< 0: unbounded
        QueuePolicy policy = QueuePolicy::Fifo;
        bool locked = true;
        bool closed = false;
    };

    QueueDemo();
    ~QueueDemo() override;

    std::string title() const override { return std::string(kTitle); }
    Json outcome() const override; ///< {"delivered", "lost", "duplicated", "dropped"} of the run
    std::vector<std::string> failures() const override; ///< item_lost, item_duplicated, order_broken
    std::uint64_t state_fingerprint() const override;
    std::vector<Metric> metrics() const override;
    std::vector<StateStyle> state_styles() const override;
    std::string summary() const override;
    // queue_export.cpp: the trace's object names and counters, the CSV's rows
    std::string object_english(ThreadState state, std::uint32_t object) const override;
    std::vector<CounterTrack> counter_tracks() const override;
    DataTable data_table() const override;
    // queue_runfile.cpp: the slots, counters, plot and bookkeeping, for a saved run
    Json save_state() const override;
    bool load_state(const Json& state, std::string* error) override;

    // [SECTION] for the view
    /// The queue now (empty snapshot before the first start).
    Snapshot snapshot(std::size_t max_items = InstrumentedQueue::kMaxCapacity) const;
    /// Live while running (from the queue's counters), the checker's numbers once the run ended.
    Bookkeeping bookkeeping() const;
    const std::vector<Sample>& samples() const { return samples_; }
    /// The checker's verdict; has_result() is true once the run has ended.
    bool has_result() const { return has_result_; }
    const QueueCheck& result() const { return result_; }
    /// Items each producer got into the queue / each consumer took, this run.
    std::vector<std::uint64_t> produced_by() const;
    std::vector<std::uint64_t> consumed_by() const;
    int run_producers() const { return run_.producers; }
    int run_consumers() const { return run_.consumers; }
    /// The run ended by terminate (consumers stopped with items queued).
    bool terminated() const { return terminated_.load(std::memory_order_acquire); }
    /// Priority an item gets: a fixed pseudo-random 0..9, so runs are reproducible.
    static int priority_of(int producer, int seq);

    /// Test hook: replaces the lock-off hesitation at the next start (see InstrumentedQueue::RaceHook).
    void set_race_hook(InstrumentedQueue::RaceHook h) { race_hook_ = std::move(h); }

private:
    // The run's fixed settings (the live ones are read from params_ as the actors go).
    struct RunConfig {
        int producers = 0, consumers = 0, items = 0;
        QueueWait put = QueueWait::Block, get = QueueWait::Block;
        Nanos timeout = 0;
        bool terminate = false;
        QueuePolicy policy = QueuePolicy::Fifo;
    };

    void write_result(Json& j) const override;
    void on_start(Runtime& rt) override;
    void on_param_changed(std::string_view key) override;
    void on_poll(Nanos now) override;
    void on_stopped() override;
    void on_reset() override;

    void producer_body(Actor& a, int p);
    void consumer_body(Actor& a, int c);
    void finish_production(); ///< run by the last producer to finish
    void check_run();         ///< the bookkeeper, once every actor has returned
    QueueCheck compute_check() const; ///< what check_run stores
    /// The bookkeeper's result once the run cannot change any more, else nothing.
    std::optional<QueueCheck> settled_result() const;
    void add_sample(Nanos now);
    QueueStats stats_now() const; ///< the queue's counters, or a saved run's

    std::optional<Snapshot> recorded_; ///< a saved run's queue as it was left (no queue_ then)

    // Parameters, in the order the panel and --help list them.
    Param<std::int64_t> producers_, consumers_, capacity_;
    Param<QueuePolicy> policy_;
    Param<std::int64_t> items_;
    Param<QueueWait> put_, get_;
    Param<std::int64_t> timeout_ms_, produce_ms_, consume_ms_;
    Param<Shutdown> shutdown_;
    Param<bool> lock_on_;

    RunConfig run_;
    std::unique_ptr<InstrumentedQueue> queue_;
    InstrumentedQueue::RaceHook race_hook_;
    Runtime* rt_ = nullptr; ///< the current run's runtime (terminate stops it from an actor)
    std::atomic<int> producers_left_{0};
    std::atomic<bool> terminated_{false};
    std::array<std::atomic<std::uint64_t>, kMaxActors> produced_by_{}, consumed_by_{};

    // Each actor writes only its own row; the bookkeeper reads them after every actor returned.
    std::vector<std::vector<ItemFate>> fates_;
    std::vector<std::vector<Delivery>> deliveries_;
    mutable std::mutex shutdown_mutex_; // lost_at_shutdown_ is written by the last producer
    std::vector<QueueItem> lost_at_shutdown_;

    QueueCheck result_;      // UI / poll thread only
    bool has_result_ = false;
    std::vector<Sample> samples_;
    Nanos last_sample_ = 0;
};

} // namespace tl
