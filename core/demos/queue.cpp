#include "core/demos/queue.hpp"

#include <algorithm>
#include <climits>

namespace tl {

namespace {

QueueWait wait_mode(const std::string& s) {
    if (s == "nowait") return QueueWait::NoWait;
    if (s == "timeout") return QueueWait::Timeout;
    return QueueWait::Block;
}

QueuePolicy policy_of(const std::string& s) {
    if (s == "lifo") return QueuePolicy::Lifo;
    if (s == "priority") return QueuePolicy::Priority;
    return QueuePolicy::Fifo;
}

constexpr Nanos kSampleEvery = ms_to_ns(10);
constexpr Nanos kRateWindow = ms_to_ns(250);
constexpr std::size_t kMaxSamples = 200000;

} // namespace

// [SECTION] Parameters

QueueDemo::QueueDemo() {
    params_.add({"producers", "Producers", "number of producer threads", ParamType::Int, 1, kMaxActors, 2});
    params_.add({"consumers", "Consumers", "number of consumer threads", ParamType::Int, 1, kMaxActors, 2});
    params_.add({"capacity", "Capacity", "slots in the queue; 0 = unbounded", ParamType::Int, 0,
                 InstrumentedQueue::kMaxCapacity, 8});
    params_.add({"policy", "Policy", "fifo: first in, first out; lifo: last in, first out; priority: lower number first",
                 ParamType::Choice, 0, 0, 0, {"fifo", "lifo", "priority"}});
    params_.add({"items", "Items", "items each producer makes", ParamType::Int, 1, 100000, 20});
    params_.add({"put", "Put", "block: wait for room; nowait: a full queue refuses the item (dropped); timeout: wait up to timeout-ms",
                 ParamType::Choice, 0, 0, 0, {"block", "nowait", "timeout"}});
    params_.add({"get", "Get", "block: wait for an item; nowait: an empty queue answers 'empty'; timeout: wait up to timeout-ms",
                 ParamType::Choice, 0, 0, 0, {"block", "nowait", "timeout"}});
    params_.add({"timeout-ms", "Timeout", "how long a timed put or get waits", ParamType::Int, 1, 10000, 100, {},
                 false, "ms"});
    params_.add({"produce-ms", "Produce time", "time to make one item", ParamType::Int, 0, 1000, 50, {}, true, "ms"});
    params_.add({"consume-ms", "Consume time", "time to handle one item", ParamType::Int, 0, 1000, 80, {}, true, "ms"});
    params_.add({"shutdown", "Shutdown",
                 "drain: consumers take what is left, then stop; terminate: consumers are stopped as soon as the "
                 "producers finish, and what is still queued is lost",
                 ParamType::Choice, 0, 0, 0, {"drain", "terminate"}});
    params_.add({"lock", "Lock", "protect the queue's operations with its mutex", ParamType::Bool, 0, 1, 1, {}, true});
}

QueueDemo::~QueueDemo() { stop(); }

int QueueDemo::priority_of(int producer, int seq) {
    // A small integer hash: looks random, is the same every run.
    std::uint32_t x = static_cast<std::uint32_t>(producer) * 0x9E3779B1u ^ static_cast<std::uint32_t>(seq) * 0x85EBCA77u;
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return static_cast<int>(x % 10);
}

// [SECTION] Actors

void QueueDemo::on_start(Runtime& rt) {
    run_.producers = static_cast<int>(params_.get("producers"));
    run_.consumers = static_cast<int>(params_.get("consumers"));
    run_.items = static_cast<int>(params_.get("items"));
    run_.put = wait_mode(params_.choice("put"));
    run_.get = wait_mode(params_.choice("get"));
    run_.timeout = ms_to_ns(static_cast<double>(params_.get("timeout-ms")));
    run_.terminate = params_.choice("shutdown") == "terminate";
    run_.policy = policy_of(params_.choice("policy"));

    InstrumentedQueue::Config cfg;
    cfg.id = kQueueId;
    cfg.capacity = static_cast<int>(params_.get("capacity"));
    // Unbounded: room for every item the run can make, so a put never waits.
    cfg.unbounded_slots = static_cast<std::size_t>(run_.producers) * static_cast<std::size_t>(run_.items);
    cfg.policy = run_.policy;
    cfg.locked = params_.on("lock");
    queue_ = std::make_unique<InstrumentedQueue>(cfg);
    // Without the lock, each operation hesitates between reading an index and writing it back
    // (like the donation demo's think time), so the race shows at classroom speed. A test's
    // own hook replaces this.
    queue_->set_race_hook(race_hook_ ? race_hook_ : [](Actor& a, InstrumentedQueue::Window w) {
        a.sleep(ms_to_ns(kUnlockedWindowMs),
                w == InstrumentedQueue::Window::Put ? ThreadState::Putting : ThreadState::Getting, kQueueId);
    });

    rt_ = &rt;
    producers_left_.store(run_.producers, std::memory_order_relaxed);
    terminated_.store(false, std::memory_order_relaxed);
    for (auto& c : produced_by_) c.store(0, std::memory_order_relaxed);
    for (auto& c : consumed_by_) c.store(0, std::memory_order_relaxed);
    fates_.assign(static_cast<std::size_t>(run_.producers),
                  std::vector<ItemFate>(static_cast<std::size_t>(run_.items), ItemFate::NotMade));
    deliveries_.assign(static_cast<std::size_t>(run_.consumers), {});
    {
        std::lock_guard lk(shutdown_mutex_);
        lost_at_shutdown_.clear();
    }
    result_ = {};
    has_result_ = false;
    samples_.clear();
    last_sample_ = 0;

    for (int p = 0; p < run_.producers; ++p)
        rt.spawn("Producer " + producer_name(p), [this, p](Actor& a) { producer_body(a, p); });
    for (int c = 0; c < run_.consumers; ++c)
        rt.spawn("Consumer " + std::to_string(c + 1), [this, c](Actor& a) { consumer_body(a, c); });
}

void QueueDemo::producer_body(Actor& a, int p) {
    auto& fates = fates_[static_cast<std::size_t>(p)];
    for (int seq = 0; seq < run_.items; ++seq) {
        a.sleep(ms_to_ns(static_cast<double>(params_.get("produce-ms"))), ThreadState::Working); // its own work, not a numbered task
        const QueueItem item{p, seq, priority_of(p, seq)};
        const QueueStatus s = queue_->put(a, item, run_.put, run_.timeout);
        if (s == QueueStatus::Ok) {
            fates[static_cast<std::size_t>(seq)] = ItemFate::Accepted;
            produced_by_[static_cast<std::size_t>(p)].fetch_add(1, std::memory_order_relaxed);
        } else if (s == QueueStatus::Full || s == QueueStatus::TimedOut) {
            fates[static_cast<std::size_t>(seq)] = ItemFate::Dropped;
        }
    }
    if (producers_left_.fetch_sub(1, std::memory_order_acq_rel) == 1) finish_production();
}

void QueueDemo::finish_production() {
    if (!run_.terminate) {
        queue_->close(); // drain: consumers take what is left, then find it closed
        return;
    }
    // Terminate: the consumers are stopped now; whatever is still queued is lost, and named.
    std::vector<QueueItem> lost = queue_->terminate_getters();
    {
        std::lock_guard lk(shutdown_mutex_);
        lost_at_shutdown_ = std::move(lost);
    }
    terminated_.store(true, std::memory_order_release);
    rt_->request_stop(); // every producer has finished: only consumers are left to stop
}

void QueueDemo::consumer_body(Actor& a, int c) {
    auto& mine = deliveries_[static_cast<std::size_t>(c)];
    for (;;) {
        const QueueGet g = queue_->get(a, run_.get, run_.timeout);
        switch (g.status) {
        case QueueStatus::Ok:
            mine.push_back({g.ticket, g.item});
            consumed_by_[static_cast<std::size_t>(c)].fetch_add(1, std::memory_order_relaxed);
            a.sleep(ms_to_ns(static_cast<double>(params_.get("consume-ms"))), ThreadState::Working); // its own work, not a numbered task
            break;
        case QueueStatus::Empty: // get_nowait said "empty": look again a little later
            a.sleep(ms_to_ns(kEmptyRetryMs), ThreadState::Thinking, kQueueId);
            break;
        case QueueStatus::Closed: return;
        default: break; // timed out: ask again
        }
    }
}

// [SECTION] Live state

void QueueDemo::on_param_changed(std::string_view key) {
    if (key == "lock" && queue_) queue_->set_locked(params_.on("lock"));
}

void QueueDemo::add_sample(Nanos now) {
    const QueueStats s = queue_->stats();
    Sample x{now, s.depth, s.produced(), s.taken, s.dropped()};
    // Rates over the last ~250 ms (the first samples use what there is).
    auto it = std::find_if(samples_.rbegin(), samples_.rend(), [&](const Sample& o) { return now - o.t >= kRateWindow; });
    const Sample* base = it != samples_.rend() ? &*it : (samples_.empty() ? nullptr : &samples_.front());
    if (base && now > base->t) {
        const double dt = ns_to_ms(now - base->t) / 1000.0;
        x.put_rate = static_cast<double>(x.produced - base->produced) / dt;
        x.get_rate = static_cast<double>(x.consumed - base->consumed) / dt;
    }
    if (samples_.size() >= kMaxSamples) samples_.erase(samples_.begin(), samples_.begin() + kMaxSamples / 2);
    samples_.push_back(x);
    last_sample_ = now;
}

void QueueDemo::on_poll(Nanos now) {
    if (!queue_) return;
    if (running()) {
        if (now - last_sample_ >= kSampleEvery) add_sample(now);
        return;
    }
    if (!has_result_) {
        add_sample(now);
        check_run();
    }
}

void QueueDemo::on_stopped() {
    if (queue_ && !has_result_) check_run();
}

void QueueDemo::on_reset() {
    queue_.reset();
    rt_ = nullptr;
    fates_.clear();
    deliveries_.clear();
    {
        std::lock_guard lk(shutdown_mutex_);
        lost_at_shutdown_.clear();
    }
    result_ = {};
    has_result_ = false;
    samples_.clear();
    last_sample_ = 0;
    run_ = {};
    terminated_.store(false, std::memory_order_relaxed);
    for (auto& c : produced_by_) c.store(0, std::memory_order_relaxed);
    for (auto& c : consumed_by_) c.store(0, std::memory_order_relaxed);
}

// [SECTION] The bookkeeper

void QueueDemo::check_run() {
    // Every actor has returned (running() is false): their rows can be read.
    QueueLedger l;
    l.producers = run_.producers;
    l.items = run_.items;
    l.fates = fates_;
    for (const auto& row : deliveries_) l.deliveries.insert(l.deliveries.end(), row.begin(), row.end());
    for (const QueueItem& it : queue_->contents(SIZE_MAX))
        if (it.valid()) l.remaining.push_back(it);
    {
        std::lock_guard lk(shutdown_mutex_);
        l.lost_at_shutdown = lost_at_shutdown_;
    }
    l.check_order = run_.policy == QueuePolicy::Fifo;
    result_ = check_queue(l);
    has_result_ = true;
}

QueueDemo::Snapshot QueueDemo::snapshot(std::size_t max_items) const {
    Snapshot s;
    if (!queue_) {
        s.capacity = static_cast<int>(params_.get("capacity"));
        s.policy = policy_of(params_.choice("policy"));
        s.locked = params_.on("lock");
        return s;
    }
    queue_->snapshot(s.stats, s.items, max_items);
    s.capacity = queue_->capacity();
    s.policy = queue_->policy();
    s.locked = queue_->locked();
    s.closed = queue_->closed();
    return s;
}

QueueDemo::Bookkeeping QueueDemo::bookkeeping() const {
    Bookkeeping b;
    if (has_result_) {
        b = {result_.produced, result_.consumed, result_.dropped, result_.remaining, result_.lost_at_shutdown,
             result_.balanced};
    } else if (queue_) {
        const QueueStats s = queue_->stats(); // one consistent set of counters
        b = {s.produced(), s.taken, s.dropped(), static_cast<std::uint64_t>(s.depth), s.discarded, s.balanced()};
    }
    return b;
}

std::vector<std::uint64_t> QueueDemo::produced_by() const {
    std::vector<std::uint64_t> v;
    for (int i = 0; i < run_.producers; ++i) v.push_back(produced_by_[static_cast<std::size_t>(i)].load(std::memory_order_relaxed));
    return v;
}

std::vector<std::uint64_t> QueueDemo::consumed_by() const {
    std::vector<std::uint64_t> v;
    for (int i = 0; i < run_.consumers; ++i) v.push_back(consumed_by_[static_cast<std::size_t>(i)].load(std::memory_order_relaxed));
    return v;
}

// [SECTION] Results

std::vector<Metric> QueueDemo::metrics() const {
    // The cards the window shows (few, short labels); summary() and write_json() say more.
    const Bookkeeping b = bookkeeping();
    const QueueCheck& r = result_;
    return {
        {"produced", "Produced", static_cast<double>(b.produced)},
        {"consumed", "Consumed", static_cast<double>(b.consumed)},
        {"dropped", "Dropped", static_cast<double>(b.dropped)},
        {"remaining", "In queue", static_cast<double>(b.in_queue)},
        {"lost_at_shutdown", "Lost at end", static_cast<double>(b.lost_at_shutdown)},
        {"lost", "Lost", static_cast<double>(has_result_ ? r.lost : 0)},
        {"duplicated", "Duplicated", static_cast<double>(has_result_ ? r.duplicated : 0)},
    };
}

std::string QueueDemo::summary() const {
    const Bookkeeping b = bookkeeping();
    const QueueStats s = queue_ ? queue_->stats() : QueueStats{};
    const QueueCheck& r = result_;
    auto n = [](std::uint64_t v) { return std::to_string(v); };
    auto names = [](const std::vector<std::string>& v) {
        std::string out;
        for (std::size_t i = 0; i < v.size() && i < 50; ++i) out += (i ? " " : "") + v[i];
        return v.size() > 50 ? out + " ..." : out;
    };
    std::string out = title() + "\n";
    out += "  produced " + n(b.produced) + " = consumed " + n(b.consumed) + " + dropped " + n(b.dropped) +
           " + in queue " + n(b.in_queue) + " + lost at shutdown " + n(b.lost_at_shutdown) +
           (b.balanced ? "  (balanced)\n" : "  (DOES NOT BALANCE)\n");
    out += "  max depth " + std::to_string(s.max_depth) + ", empty gets " + n(s.empty_gets) + ", put timeouts " +
           n(s.put_timeouts) + ", get timeouts " + n(s.get_timeouts) + "\n";
    if (has_result_) {
        out += "  lost " + n(r.lost) + ", duplicated " + n(r.duplicated) +
               (r.order_checked ? ", order violations " + n(r.order_violations) : std::string(", order not checked (not FIFO)")) +
               "\n";
        const std::pair<const char*, const std::vector<std::string>*> lists[] = {
            {"dropped", &r.dropped_items},         {"lost at shutdown", &r.lost_at_shutdown_items},
            {"lost", &r.lost_items},               {"duplicated", &r.duplicated_items},
            {"out of order", &r.order_violation_items}};
        for (const auto& [label, v] : lists)
            if (!v->empty()) out += std::string("  ") + label + ": " + names(*v) + "\n";
    }
    if (overflow()) out += "  (" + std::to_string(overflow()) + " trace events dropped: ring buffers overflowed)\n";
    return out;
}

void QueueDemo::write_json(JsonWriter& j) const {
    const Bookkeeping b = bookkeeping();
    const QueueStats s = queue_ ? queue_->stats() : QueueStats{};
    const QueueCheck& r = result_;
    auto list = [&](const char* key, const std::vector<std::string>& names) {
        constexpr std::size_t kMaxNames = 1000; // counts stay exact; long lists are cut
        j.key(key).begin_array();
        for (std::size_t i = 0; i < std::min(names.size(), kMaxNames); ++i) j.value(names[i]);
        j.end_array();
    };
    j.begin_object();
    j.key("demo").value("queue");
    j.key("policy").value(params_.choice("policy"));
    j.key("capacity").value(params_.get("capacity"));
    j.key("producers").value(params_.get("producers"));
    j.key("consumers").value(params_.get("consumers"));
    j.key("items").value(params_.get("items"));
    j.key("put").value(params_.choice("put"));
    j.key("get").value(params_.choice("get"));
    j.key("shutdown").value(params_.choice("shutdown"));
    j.key("lock").value(params_.on("lock"));
    j.key("produced").value(b.produced);
    j.key("consumed").value(b.consumed);
    j.key("dropped").value(b.dropped);
    j.key("remaining").value(b.in_queue);
    j.key("lost_at_shutdown").value(b.lost_at_shutdown);
    j.key("duplicated").value(has_result_ ? r.duplicated : std::uint64_t{0});
    j.key("lost").value(has_result_ ? r.lost : std::uint64_t{0});
    j.key("order_violations").value(has_result_ ? r.order_violations : std::uint64_t{0});
    j.key("max_depth").value(s.max_depth);
    j.key("balanced").value(b.balanced);
    j.key("order_checked").value(has_result_ && r.order_checked);
    j.key("empty_gets").value(s.empty_gets);
    j.key("timeouts").value(s.put_timeouts + s.get_timeouts);
    j.key("put_timeouts").value(s.put_timeouts);
    j.key("get_timeouts").value(s.get_timeouts);
    j.key("phantom_gets").value(s.phantoms);
    j.key("terminated").value(terminated());
    list("lost_at_shutdown_items", r.lost_at_shutdown_items);
    list("duplicated_items", r.duplicated_items);
    list("lost_items", r.lost_items);
    list("dropped_items", r.dropped_items);
    list("order_violation_items", r.order_violation_items);
    j.key("trace_events_dropped").value(overflow());
    j.end_object();
}

} // namespace tl
