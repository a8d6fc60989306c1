// A queue producers and consumers meet at: bounded (1-64 slots) or unbounded, FIFO / LIFO /
// priority (lower number first), blocking / non-blocking / timed put and get, every wait
// cancellable. Every operation records its state on the actor's lane (Putting, Getting,
// BlockedFull, BlockedEmpty) through Actor::point.
//
// The lock switch: each operation is one sequence of relaxed atomic loads and stores on the
// slots and the head/tail/count indices. With the lock on, that sequence runs under the queue's
// mutex and is exact. With it off, the very same sequence runs unprotected: two producers can
// read the same tail and write the same slot (an item is lost), two consumers can read the same
// slot (an item is delivered twice). No undefined behaviour, nothing for ThreadSanitizer.
//
//   InstrumentedQueue q({.id = 1, .capacity = 8, .policy = QueuePolicy::Fifo});
//   q.put(producer, QueueItem{0, seq, prio});                          // blocks while full
//   QueueGet g = q.get(consumer, QueueWait::Timeout, ms_to_ns(100));   // g.status, g.item
//   q.close();                                                         // drain: no more puts
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/runtime/runtime.hpp"

namespace tl {

/// The queue's own lane states (custom states: the trace layer knows no queues).
namespace queue_state {
constexpr ThreadState BlockedFull = custom_state(0);  ///< waiting for room in a full queue
constexpr ThreadState BlockedEmpty = custom_state(1); ///< waiting for an item in an empty queue
constexpr ThreadState Putting = custom_state(2);      ///< inside a put (object = queue id, value = item key)
constexpr ThreadState Getting = custom_state(3);      ///< inside a get (object = queue id)
} // namespace queue_state
/// Their labels and tones, for a demo's state_styles().
std::vector<StateStyle> queue_state_styles();

enum class QueuePolicy : std::uint8_t { Fifo = 0, Lifo, Priority };
/// How a put or a get waits: until it can, not at all, or up to a timeout.
enum class QueueWait : std::uint8_t { Block = 0, NoWait, Timeout };
enum class QueueStatus : std::uint8_t {
    Ok = 0,
    Full,     ///< non-blocking put refused: the item is dropped
    Empty,    ///< non-blocking get found nothing
    TimedOut, ///< a timed put (item dropped) or get gave up
    Closed,   ///< put after close(), or get on a closed and empty queue / after terminate_getters()
};
const char* queue_status_name(QueueStatus s);

/// One item: who made it, its number in that producer's sequence, its priority (lower first).
struct QueueItem {
    int producer = -1; ///< 0..255; -1 = no item (an empty slot read without the lock)
    int seq = 0;       ///< 0..2^20-1, per producer
    int priority = 0;  ///< 0..255

    bool valid() const { return producer >= 0; }
    /// "A7": producer letter (A..Z, then P27...) and the 1-based sequence number.
    std::string name() const;
    /// Dense id for per-item bookkeeping: producer * 2^20 + seq.
    std::int64_t key() const { return (static_cast<std::int64_t>(producer) << 20) | seq; }
    friend bool operator==(const QueueItem&, const QueueItem&) = default;
};
std::string producer_name(int producer); ///< "A", "B", ...

/// Result of a get. ticket numbers successful gets in the order the queue handed items out.
struct QueueGet {
    QueueStatus status = QueueStatus::Empty;
    QueueItem item;
    std::uint64_t ticket = 0;
    bool ok() const { return status == QueueStatus::Ok; }
};

/// Counters, read together under the queue's mutex (consistent whenever the lock is on).
struct QueueStats {
    std::uint64_t accepted = 0;     ///< puts that stored an item
    std::uint64_t refused = 0;      ///< non-blocking puts refused by a full queue
    std::uint64_t put_timeouts = 0; ///< timed puts that expired (item dropped)
    std::uint64_t taken = 0;        ///< gets that returned an item (duplicates included)
    std::uint64_t empty_gets = 0;   ///< non-blocking gets that found the queue empty
    std::uint64_t get_timeouts = 0; ///< timed gets that expired
    std::uint64_t phantoms = 0;     ///< lock off: a get claimed a slot that held no item
    std::uint64_t discarded = 0;    ///< items thrown away by terminate_getters()
    std::int64_t depth = 0;         ///< items in the queue by its own indices
    std::int64_t max_depth = 0;
    std::uint64_t dropped() const { return refused + put_timeouts; }
    std::uint64_t produced() const { return accepted + dropped(); }
    /// accepted == taken + depth + discarded: always true with the lock on.
    bool balanced() const {
        return static_cast<std::int64_t>(accepted) ==
               static_cast<std::int64_t>(taken + discarded) + depth;
    }
};

class InstrumentedQueue {
public:
    struct Config {
        std::uint32_t id = 1;          ///< object id on the timeline
        int capacity = 8;              ///< 1..64, or 0 for unbounded
        std::size_t unbounded_slots = std::size_t{1} << 16; ///< storage when unbounded (fixed: see below)
        QueuePolicy policy = QueuePolicy::Fifo;
        bool locked = true;
    };
    /// Why the window hook fires: inside an unlocked put (after reading the index, before
    /// writing) or an unlocked get (after reading the slot, before clearing it).
    enum class Window : std::uint8_t { Put, Get };
    using RaceHook = std::function<void(Actor&, Window)>;

    static constexpr int kMaxCapacity = 64;

    /// Storage is allocated once: an unlocked operation may run while another one reads the
    /// slots, so they can never move. Unbounded means `unbounded_slots` (size it to the most
    /// items a run can hold); when that is full a put waits as on a full queue.
    explicit InstrumentedQueue(Config c);
    InstrumentedQueue(const InstrumentedQueue&) = delete;
    InstrumentedQueue& operator=(const InstrumentedQueue&) = delete;

    /// Stores item; timeout applies to QueueWait::Timeout (stretched by slow motion).
    /// Returns Ok, Full (NoWait), TimedOut or Closed; throws ActorStopped on stop.
    QueueStatus put(Actor& a, QueueItem item, QueueWait mode = QueueWait::Block, Nanos timeout = 0);
    /// Takes the next item by the policy. Returns Ok, Empty (NoWait), TimedOut or Closed;
    /// throws ActorStopped on stop.
    QueueGet get(Actor& a, QueueWait mode = QueueWait::Block, Nanos timeout = 0);

    /// No more puts (drain): later puts return Closed, gets return Closed once it is empty.
    void close();
    bool closed() const { return closed_.load(std::memory_order_relaxed); }
    /// Terminate: from now on every get returns Closed; the items still queued are removed,
    /// counted as discarded and returned (next-out first). Atomic with respect to locked gets.
    std::vector<QueueItem> terminate_getters();

    /// The lock switch, read once at the start of every operation.
    void set_locked(bool on) { locked_.store(on, std::memory_order_relaxed); }
    bool locked() const { return locked_.load(std::memory_order_relaxed); }

    /// Test hook, called only by unlocked operations inside their race window (see Window).
    /// Set it before any actor uses the queue.
    void set_race_hook(RaceHook h) { race_hook_ = std::move(h); }

    QueueStats stats() const;
    /// Up to max_items items, next-out first (an invalid item where an unlocked run left an empty
    /// slot inside the queue's range). Safe from any thread at any time.
    std::vector<QueueItem> contents(std::size_t max_items = kMaxCapacity) const;
    /// stats() and contents() taken together under the mutex.
    void snapshot(QueueStats& stats, std::vector<QueueItem>& items, std::size_t max_items) const;

    int capacity() const { return capacity_; }
    bool bounded() const { return capacity_ > 0; }
    std::size_t storage() const { return storage_; }
    QueuePolicy policy() const { return policy_; }
    std::uint32_t id() const { return id_; }

    // Items travel packed in one 64-bit word so a slot is a single atomic. From high to low:
    // valid bit, priority (8), stamp (24, put order: ties in priority go first-in first-out), producer (8),
    // seq (20). Comparing two words compares (priority, stamp): the heap needs nothing else.
    // 0 is an empty slot. The stamp wraps after 2^24 puts (only tie order suffers then).
    static std::int64_t pack(const QueueItem& it, std::uint64_t stamp);
    static QueueItem unpack(std::int64_t w);

private:
    // [SECTION] the raw operations: relaxed loads and stores only; exact under the mutex
    bool raw_put(Actor* a, std::int64_t word);
    std::int64_t raw_get(Actor* a); ///< 0: empty; -1: claimed a slot holding nothing (unlocked)
    std::int64_t raw_depth() const;
    std::size_t slot(std::int64_t index) const; ///< any index (even a corrupted one) -> valid slot
    std::int64_t load(std::size_t i) const { return slots_[i].load(std::memory_order_relaxed); }
    void store(std::size_t i, std::int64_t w) { slots_[i].store(w, std::memory_order_relaxed); }
    void contents_locked(std::vector<QueueItem>& out, std::size_t max_items) const;
    void note_depth();
    // The race window of an unlocked operation. Under a controlled scheduler it is a step of its
    // own (the store that finishes the operation), so another thread can be run inside it.
    void window(Actor* a, Window w) {
        if (!a) return;
        a->step({OpKind::Write, Resource::Queue, id_});
        if (race_hook_) race_hook_(*a, w);
    }
    // Under a controlled scheduler: a Put / Get step, and where live code would sleep on a
    // condition, a WaitRoom / WaitItem step the scheduler offers once the wait is over (a timed
    // wait can always end: moving on then is its timeout).
    QueueStatus put_controlled(Actor& a, QueueItem item, QueueWait mode);
    QueueGet get_controlled(Actor& a, QueueWait mode);

    std::uint32_t id_;
    int capacity_;
    std::size_t storage_;
    QueuePolicy policy_;
    std::atomic<bool> locked_;
    std::atomic<bool> closed_{false};
    std::atomic<bool> getters_closed_{false};
    RaceHook race_hook_;

    std::unique_ptr<std::atomic<std::int64_t>[]> slots_;
    std::atomic<std::int64_t> head_{0};  ///< FIFO: next index to get (grows forever)
    std::atomic<std::int64_t> tail_{0};  ///< FIFO: next index to put (grows forever)
    std::atomic<std::int64_t> count_{0}; ///< LIFO: stack height; priority: heap size
    std::atomic<std::uint64_t> stamp_{0};

    std::atomic<std::uint64_t> accepted_{0}, refused_{0}, put_timeouts_{0}, taken_{0}, empty_gets_{0},
        get_timeouts_{0}, phantoms_{0}, discarded_{0};
    std::atomic<std::int64_t> max_depth_{0};

    mutable std::mutex mutex_;
    std::condition_variable not_full_, not_empty_;
};

} // namespace tl
