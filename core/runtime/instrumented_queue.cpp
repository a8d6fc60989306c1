#include "core/runtime/instrumented_queue.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <queue>
#include <stdexcept>

namespace tl {

std::vector<StateStyle> queue_state_styles() {
    return {{queue_state::BlockedFull, "blocked: queue full", StateTone::Blocked},
            {queue_state::BlockedEmpty, "blocked: queue empty", StateTone::Blocked2},
            {queue_state::Putting, "putting", StateTone::Accent},
            {queue_state::Getting, "getting", StateTone::Accent2}};
}

namespace {

// How often a blocked put or get re-checks the stop flag: well under the 200 ms stop budget.
constexpr auto kStopPoll = std::chrono::milliseconds(2);
constexpr auto kRelaxed = std::memory_order_relaxed;

// Heap order: lower word first; an empty slot (0, only after unlocked races) sorts last.
bool before(std::int64_t a, std::int64_t b) { return a != 0 && (b == 0 || a < b); }

void bump(std::atomic<std::uint64_t>& c) { c.fetch_add(1, kRelaxed); }

} // namespace

const char* queue_status_name(QueueStatus s) {
    switch (s) {
    case QueueStatus::Ok: return "ok";
    case QueueStatus::Full: return "full";
    case QueueStatus::Empty: return "empty";
    case QueueStatus::TimedOut: return "timed out";
    case QueueStatus::Closed: return "closed";
    }
    return "?";
}

// [SECTION] Items

std::string producer_name(int producer) {
    if (producer < 0) return "?";
    if (producer < 26) return std::string(1, static_cast<char>('A' + producer));
    std::string s = "P"; // not "P" + to_string(): GCC 12 -Wrestrict false positive
    s += std::to_string(producer + 1);
    return s;
}

std::string QueueItem::name() const {
    if (!valid()) return "-";
    return producer_name(producer) + std::to_string(seq + 1);
}

std::int64_t InstrumentedQueue::pack(const QueueItem& it, std::uint64_t stamp) {
    if (it.producer < 0 || it.producer > 255 || it.seq < 0 || it.seq >= (1 << 20) || it.priority < 0 ||
        it.priority > 255)
        throw std::out_of_range("QueueItem out of range: producer 0..255, seq 0..2^20-1, priority 0..255");
    const std::uint64_t w = (std::uint64_t{1} << 60) | (static_cast<std::uint64_t>(it.priority) << 52) |
                            ((stamp & 0xFFFFFFu) << 28) | (static_cast<std::uint64_t>(it.producer) << 20) |
                            static_cast<std::uint64_t>(it.seq);
    return static_cast<std::int64_t>(w);
}

QueueItem InstrumentedQueue::unpack(std::int64_t w) {
    if (w <= 0) return {};
    const auto u = static_cast<std::uint64_t>(w);
    return {static_cast<int>((u >> 20) & 0xFF), static_cast<int>(u & 0xFFFFF), static_cast<int>((u >> 52) & 0xFF)};
}

// [SECTION] Construction

InstrumentedQueue::InstrumentedQueue(Config c)
    : id_(c.id), capacity_(c.capacity), policy_(c.policy), locked_(c.locked) {
    if (c.capacity < 0 || c.capacity > kMaxCapacity)
        throw std::invalid_argument("queue capacity must be 1..64, or 0 for unbounded");
    storage_ = c.capacity > 0 ? static_cast<std::size_t>(c.capacity) : std::max<std::size_t>(1, c.unbounded_slots);
    slots_ = std::make_unique<std::atomic<std::int64_t>[]>(storage_);
    for (std::size_t i = 0; i < storage_; ++i) slots_[i].store(0, kRelaxed);
}

// [SECTION] Raw operations
// Each is a sequence of relaxed loads and stores. Under the mutex nothing interleaves, so they
// are exact. Unlocked, another thread can run between the read of an index and its write-back:
// that window is where items are lost or duplicated (and where the test hook waits).
// Indices read while unlocked may be anything, so every one is folded into range before use.

std::size_t InstrumentedQueue::slot(std::int64_t index) const {
    const auto s = static_cast<std::int64_t>(storage_);
    return static_cast<std::size_t>(((index % s) + s) % s);
}

std::int64_t InstrumentedQueue::raw_depth() const {
    const std::int64_t d = policy_ == QueuePolicy::Fifo ? tail_.load(kRelaxed) - head_.load(kRelaxed)
                                                        : count_.load(kRelaxed);
    return std::clamp<std::int64_t>(d, 0, static_cast<std::int64_t>(storage_));
}

bool InstrumentedQueue::raw_put(Actor* a, std::int64_t word) {
    const auto limit = static_cast<std::int64_t>(storage_);
    if (policy_ == QueuePolicy::Fifo) {
        const std::int64_t t = tail_.load(kRelaxed);
        if (t - head_.load(kRelaxed) >= limit) return false;
        window(a, Window::Put); // two producers here hold the same t: one item will overwrite the other
        store(slot(t), word);
        tail_.store(t + 1, kRelaxed);
        return true;
    }
    const std::int64_t n = std::max<std::int64_t>(0, count_.load(kRelaxed));
    if (n >= limit) return false;
    window(a, Window::Put);
    if (policy_ == QueuePolicy::Lifo) {
        store(slot(n), word);
    } else {
        // Priority: sift the new word up from the end of the heap.
        auto i = static_cast<std::size_t>(n);
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            const std::int64_t pw = load(parent);
            if (!before(word, pw)) break;
            store(i, pw);
            i = parent;
        }
        store(i, word);
    }
    count_.store(n + 1, kRelaxed);
    return true;
}

std::int64_t InstrumentedQueue::raw_get(Actor* a) {
    if (policy_ == QueuePolicy::Fifo) {
        const std::int64_t h = head_.load(kRelaxed);
        if (tail_.load(kRelaxed) - h <= 0) return 0;
        const std::size_t s = slot(h);
        const std::int64_t w = load(s);
        window(a, Window::Get); // two consumers here hold the same item: both will return it
        store(s, 0);
        head_.store(h + 1, kRelaxed);
        return w != 0 ? w : -1;
    }
    const std::int64_t n = std::min<std::int64_t>(count_.load(kRelaxed), static_cast<std::int64_t>(storage_));
    if (n <= 0) return 0;
    const auto last = static_cast<std::size_t>(n - 1);
    if (policy_ == QueuePolicy::Lifo) {
        const std::int64_t w = load(last);
        window(a, Window::Get);
        store(last, 0);
        count_.store(n - 1, kRelaxed);
        return w != 0 ? w : -1;
    }
    // Priority: take the root, move the last word to the root and sift it down.
    const std::int64_t top = load(0);
    window(a, Window::Get);
    const std::int64_t moved = load(last);
    store(last, 0);
    count_.store(n - 1, kRelaxed);
    if (last > 0) {
        std::size_t i = 0;
        for (;;) {
            const std::size_t l = 2 * i + 1;
            if (l >= last) break;
            std::size_t c = l;
            if (l + 1 < last && before(load(l + 1), load(l))) c = l + 1;
            const std::int64_t cw = load(c);
            if (!before(cw, moved)) break;
            store(i, cw);
            i = c;
        }
        store(i, moved);
    }
    return top != 0 ? top : -1;
}

void InstrumentedQueue::note_depth() {
    const std::int64_t d = raw_depth();
    std::int64_t m = max_depth_.load(kRelaxed);
    while (d > m && !max_depth_.compare_exchange_weak(m, d, kRelaxed)) {
    }
}

// [SECTION] Put and get

QueueStatus InstrumentedQueue::put_controlled(Actor& a, QueueItem item, QueueWait mode) {
    a.step({OpKind::Put, Resource::Queue, id_, item.key()});
    const std::int64_t word = pack(item, stamp_.fetch_add(1, kRelaxed));
    a.point(queue_state::Putting, id_, item.key());
    const bool locked = this->locked();
    bool blocked = false;
    QueueStatus result;
    for (;;) {
        {
            // Only one actor runs at a time: with the lock on this never waits.
            std::unique_lock lk(mutex_, std::defer_lock);
            if (locked) lk.lock();
            if (closed_.load(kRelaxed)) {
                result = QueueStatus::Closed;
                break;
            }
            if (raw_put(locked ? nullptr : &a, word)) {
                bump(accepted_);
                note_depth();
                result = QueueStatus::Ok;
                break;
            }
            if (mode == QueueWait::NoWait) {
                bump(refused_);
                result = QueueStatus::Full;
                break;
            }
            if (mode == QueueWait::Timeout && blocked) {
                bump(put_timeouts_);
                result = QueueStatus::TimedOut;
                break;
            }
        }
        if (!blocked) {
            blocked = true;
            a.point(queue_state::BlockedFull, id_, item.key());
        }
        const auto can_move = [this, mode] {
            return mode == QueueWait::Timeout || closed() || raw_depth() < static_cast<std::int64_t>(storage_);
        };
        a.step({OpKind::WaitRoom, Resource::Queue, id_, item.key()}, can_move);
    }
    a.point(ThreadState::Running);
    if (result == QueueStatus::Full || result == QueueStatus::TimedOut) a.mark(MarkKind::Dropped, id_, item.key());
    return result;
}

QueueGet InstrumentedQueue::get_controlled(Actor& a, QueueWait mode) {
    a.step({OpKind::Get, Resource::Queue, id_});
    a.point(queue_state::Getting, id_);
    const bool locked = this->locked();
    bool blocked = false;
    QueueGet g;
    for (;;) {
        {
            std::unique_lock lk(mutex_, std::defer_lock);
            if (locked) lk.lock();
            if (getters_closed_.load(kRelaxed)) {
                g.status = QueueStatus::Closed;
                break;
            }
            const std::int64_t w = raw_get(locked ? nullptr : &a);
            if (w > 0) {
                g.ticket = taken_.fetch_add(1, kRelaxed);
                g.item = unpack(w);
                g.status = QueueStatus::Ok;
                break;
            }
            if (w < 0) { // unlocked: the slot was claimed but held nothing; look again
                bump(phantoms_);
                continue;
            }
            if (closed_.load(kRelaxed)) {
                g.status = QueueStatus::Closed;
                break;
            }
            if (mode == QueueWait::NoWait) {
                bump(empty_gets_);
                g.status = QueueStatus::Empty;
                break;
            }
            if (mode == QueueWait::Timeout && blocked) {
                bump(get_timeouts_);
                g.status = QueueStatus::TimedOut;
                break;
            }
        }
        if (!blocked) {
            blocked = true;
            a.point(queue_state::BlockedEmpty, id_);
        }
        const auto can_move = [this, mode] {
            return mode == QueueWait::Timeout || closed() || getters_closed_.load(kRelaxed) || raw_depth() > 0;
        };
        a.step({OpKind::WaitItem, Resource::Queue, id_}, can_move);
    }
    a.point(ThreadState::Running, id_, g.ok() ? g.item.key() : -1);
    if (g.status == QueueStatus::Empty) a.mark(MarkKind::EmptyGet, id_);
    return g;
}

QueueStatus InstrumentedQueue::put(Actor& a, QueueItem item, QueueWait mode, Nanos timeout) {
    if (a.controlled()) return put_controlled(a, item, mode);
    const std::int64_t word = pack(item, stamp_.fetch_add(1, kRelaxed));
    a.point(queue_state::Putting, id_, item.key());
    const bool locked = this->locked(); // the switch is read once per operation
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::nanoseconds(static_cast<Nanos>(static_cast<double>(timeout) * a.runtime().time_scale()));
    std::unique_lock lk(mutex_, std::defer_lock);
    bool blocked = false;
    QueueStatus result;
    for (;;) {
        if (locked) lk.lock();
        if (closed_.load(kRelaxed)) {
            result = QueueStatus::Closed;
            break;
        }
        if (raw_put(locked ? nullptr : &a, word)) {
            bump(accepted_);
            note_depth();
            result = QueueStatus::Ok;
            break;
        }
        if (mode == QueueWait::NoWait) {
            bump(refused_);
            result = QueueStatus::Full;
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (mode == QueueWait::Timeout && now >= deadline) {
            bump(put_timeouts_);
            result = QueueStatus::TimedOut;
            break;
        }
        if (!blocked) { // record the state outside the mutex, then look once more
            blocked = true;
            if (locked) lk.unlock();
            a.point(queue_state::BlockedFull, id_, item.key());
            continue;
        }
        if (!locked) lk.lock(); // unlocked runs take the mutex only to sleep on the condition
        auto slice = std::chrono::duration_cast<std::chrono::nanoseconds>(kStopPoll);
        if (mode == QueueWait::Timeout) slice = std::min(slice, std::chrono::nanoseconds(deadline - now));
        not_full_.wait_for(lk, slice);
        lk.unlock();
        a.check_stop();
    }
    if (lk.owns_lock()) lk.unlock();
    if (result == QueueStatus::Ok) not_empty_.notify_one();
    a.point(ThreadState::Running);
    if (result == QueueStatus::Full || result == QueueStatus::TimedOut) a.mark(MarkKind::Dropped, id_, item.key());
    return result;
}

QueueGet InstrumentedQueue::get(Actor& a, QueueWait mode, Nanos timeout) {
    if (a.controlled()) return get_controlled(a, mode);
    a.point(queue_state::Getting, id_);
    const bool locked = this->locked();
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::nanoseconds(static_cast<Nanos>(static_cast<double>(timeout) * a.runtime().time_scale()));
    std::unique_lock lk(mutex_, std::defer_lock);
    bool blocked = false;
    QueueGet g;
    for (;;) {
        if (locked) lk.lock();
        if (getters_closed_.load(kRelaxed)) {
            g.status = QueueStatus::Closed;
            break;
        }
        const std::int64_t w = raw_get(locked ? nullptr : &a);
        if (w > 0) {
            g.ticket = taken_.fetch_add(1, kRelaxed);
            g.item = unpack(w);
            g.status = QueueStatus::Ok;
            break;
        }
        if (w < 0) { // unlocked: the slot was claimed but held nothing; look again
            bump(phantoms_);
            if (locked) lk.unlock();
            a.check_stop();
            continue;
        }
        if (closed_.load(kRelaxed)) {
            g.status = QueueStatus::Closed;
            break;
        }
        if (mode == QueueWait::NoWait) {
            bump(empty_gets_);
            g.status = QueueStatus::Empty;
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (mode == QueueWait::Timeout && now >= deadline) {
            bump(get_timeouts_);
            g.status = QueueStatus::TimedOut;
            break;
        }
        if (!blocked) {
            blocked = true;
            if (locked) lk.unlock();
            a.point(queue_state::BlockedEmpty, id_);
            continue;
        }
        if (!locked) lk.lock();
        auto slice = std::chrono::duration_cast<std::chrono::nanoseconds>(kStopPoll);
        if (mode == QueueWait::Timeout) slice = std::min(slice, std::chrono::nanoseconds(deadline - now));
        not_empty_.wait_for(lk, slice);
        lk.unlock();
        a.check_stop();
    }
    if (lk.owns_lock()) lk.unlock();
    if (g.ok()) not_full_.notify_one();
    a.point(ThreadState::Running, id_, g.ok() ? g.item.key() : -1);
    if (g.status == QueueStatus::Empty) a.mark(MarkKind::EmptyGet, id_);
    return g;
}

// [SECTION] Shutdown

void InstrumentedQueue::close() {
    {
        std::lock_guard lk(mutex_);
        closed_.store(true, kRelaxed);
    }
    not_empty_.notify_all();
    not_full_.notify_all();
}

std::vector<QueueItem> InstrumentedQueue::terminate_getters() {
    std::vector<QueueItem> all, items;
    {
        std::lock_guard lk(mutex_);
        getters_closed_.store(true, kRelaxed);
        contents_locked(all, SIZE_MAX);
        for (const QueueItem& it : all)
            if (it.valid()) items.push_back(it);
        discarded_.fetch_add(items.size(), kRelaxed);
        for (std::size_t i = 0; i < storage_; ++i) store(i, 0);
        head_.store(tail_.load(kRelaxed), kRelaxed);
        count_.store(0, kRelaxed);
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    return items;
}

// [SECTION] Snapshots

QueueStats InstrumentedQueue::stats() const {
    std::lock_guard lk(mutex_);
    QueueStats s;
    s.accepted = accepted_.load(kRelaxed);
    s.refused = refused_.load(kRelaxed);
    s.put_timeouts = put_timeouts_.load(kRelaxed);
    s.taken = taken_.load(kRelaxed);
    s.empty_gets = empty_gets_.load(kRelaxed);
    s.get_timeouts = get_timeouts_.load(kRelaxed);
    s.phantoms = phantoms_.load(kRelaxed);
    s.discarded = discarded_.load(kRelaxed);
    s.depth = raw_depth();
    s.max_depth = max_depth_.load(kRelaxed);
    return s;
}

std::vector<QueueItem> InstrumentedQueue::contents(std::size_t max_items) const {
    std::vector<QueueItem> out;
    std::lock_guard lk(mutex_);
    contents_locked(out, max_items);
    return out;
}

void InstrumentedQueue::snapshot(QueueStats& stats, std::vector<QueueItem>& items, std::size_t max_items) const {
    stats = this->stats();
    items.clear();
    std::lock_guard lk(mutex_);
    // Recount under the same hold as the contents so the picture and the depth agree.
    stats.depth = raw_depth();
    contents_locked(items, max_items);
}

void InstrumentedQueue::contents_locked(std::vector<QueueItem>& out, std::size_t max_items) const {
    const auto n = static_cast<std::size_t>(raw_depth());
    const std::size_t k = std::min(n, max_items);
    out.reserve(out.size() + k);
    switch (policy_) {
    case QueuePolicy::Fifo: {
        const std::int64_t h = head_.load(kRelaxed);
        for (std::size_t i = 0; i < k; ++i) out.push_back(unpack(load(slot(h + static_cast<std::int64_t>(i)))));
        break;
    }
    case QueuePolicy::Lifo:
        for (std::size_t i = 0; i < k; ++i) out.push_back(unpack(load(n - 1 - i)));
        break;
    case QueuePolicy::Priority: {
        std::vector<std::int64_t> words;
        if (n <= k) { // all of it: copy and sort
            for (std::size_t i = 0; i < n; ++i) words.push_back(load(i));
            std::stable_sort(words.begin(), words.end(), before);
        } else { // the k smallest of a big heap: walk it from the root, O(k log k)
            using Node = std::pair<std::int64_t, std::size_t>; // (order key, index)
            auto key = [&](std::size_t i) { const std::int64_t w = load(i); return w == 0 ? INT64_MAX : w; };
            std::priority_queue<Node, std::vector<Node>, std::greater<Node>> frontier;
            frontier.push({key(0), 0});
            while (words.size() < k && !frontier.empty()) {
                const std::size_t i = frontier.top().second;
                frontier.pop();
                words.push_back(load(i));
                for (std::size_t c : {2 * i + 1, 2 * i + 2})
                    if (c < n) frontier.push({key(c), c});
            }
        }
        for (std::int64_t w : words) out.push_back(unpack(w));
        break;
    }
    }
}

} // namespace tl
