#include "core/demos/queue.hpp"

#include <algorithm>
#include <climits>

namespace tl {

namespace {

constexpr Nanos kSampleEvery = ms_to_ns(10);
constexpr Nanos kRateWindow = ms_to_ns(250);
constexpr std::size_t kMaxSamples = 200000;

} // namespace

// [SECTION] Parameters

QueueDemo::QueueDemo() {
    producers_ = params_.add_int({.key = "producers", .label = "Producers", .help = "number of producer threads",
                                  .min = 1, .max = kMaxActors, .def = 2});
    consumers_ = params_.add_int({.key = "consumers", .label = "Consumers", .help = "number of consumer threads",
                                  .min = 1, .max = kMaxActors, .def = 2});
    capacity_ = params_.add_int({.key = "capacity", .label = "Capacity", .help = "slots in the queue; 0 = unbounded",
                                 .min = 0, .max = InstrumentedQueue::kMaxCapacity, .def = 8});
    policy_ = params_.add_choice<QueuePolicy>(
        {.key = "policy", .label = "Policy",
         .help = "fifo: first in, first out; lifo: last in, first out; priority: lower number first",
         .choices = {"fifo", "lifo", "priority"}});
    items_ = params_.add_int({.key = "items", .label = "Items", .help = "items each producer makes",
                              .min = 1, .max = 100000, .def = 20});
    put_ = params_.add_choice<QueueWait>(
        {.key = "put", .label = "Put",
         .help = "block: wait for room; nowait: a full queue refuses the item (dropped); timeout: wait up to timeout-ms",
         .choices = {"block", "nowait", "timeout"}});
    get_ = params_.add_choice<QueueWait>(
        {.key = "get", .label = "Get",
         .help = "block: wait for an item; nowait: an empty queue answers 'empty'; timeout: wait up to timeout-ms",
         .choices = {"block", "nowait", "timeout"}});
    timeout_ms_ = params_.add_int({.key = "timeout-ms", .label = "Timeout", .help = "how long a timed put or get waits",
                                   .min = 1, .max = 10000, .def = 100, .unit = "ms"});
    produce_ms_ = params_.add_int({.key = "produce-ms", .label = "Produce time", .help = "time to make one item",
                                   .min = 0, .max = 1000, .def = 50, .unit = "ms", .live = true});
    consume_ms_ = params_.add_int({.key = "consume-ms", .label = "Consume time", .help = "time to handle one item",
                                   .min = 0, .max = 1000, .def = 80, .unit = "ms", .live = true});
    shutdown_ = params_.add_choice<Shutdown>(
        {.key = "shutdown", .label = "Shutdown",
         .help = "drain: consumers take what is left, then stop; terminate: consumers are stopped as soon as the "
                 "producers finish, and what is still queued is lost",
         .choices = {"drain", "terminate"}});
    lock_on_ = params_.add_bool({.key = "lock", .label = "Lock", .help = "protect the queue's operations with its mutex",
                                 .def = true, .live = true, .toolbar = {"LOCK: ON", "LOCK: OFF", 'L'}});
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
    run_.producers = static_cast<int>(producers_());
    run_.consumers = static_cast<int>(consumers_());
    run_.items = static_cast<int>(items_());
    run_.put = put_();
    run_.get = get_();
    run_.timeout = ms_to_ns(static_cast<double>(timeout_ms_()));
    run_.terminate = shutdown_() == Shutdown::Terminate;
    run_.policy = policy_();

    InstrumentedQueue::Config cfg;
    cfg.id = kQueueId;
    cfg.capacity = static_cast<int>(capacity_());
    // Unbounded: room for every item the run can make, so a put never waits.
    cfg.unbounded_slots = static_cast<std::size_t>(run_.producers) * static_cast<std::size_t>(run_.items);
    cfg.policy = run_.policy;
    cfg.locked = lock_on_();
    recorded_.reset();
    queue_ = std::make_unique<InstrumentedQueue>(cfg);
    // Without the lock, each operation hesitates between reading an index and writing it back
    // (like the donation demo's think time), so the race shows at classroom speed. A test's
    // own hook replaces this.
    queue_->set_race_hook(race_hook_ ? race_hook_ : [](Actor& a, InstrumentedQueue::Window w) {
        a.sleep(ms_to_ns(kUnlockedWindowMs),
                w == InstrumentedQueue::Window::Put ? queue_state::Putting : queue_state::Getting, kQueueId);
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
        rt.spawn({"Producer {1}", producer_name(p)}, [this, p](Actor& a) { producer_body(a, p); });
    for (int c = 0; c < run_.consumers; ++c)
        rt.spawn({"Consumer {1}", c + 1}, [this, c](Actor& a) { consumer_body(a, c); });
}

void QueueDemo::producer_body(Actor& a, int p) {
    auto& fates = fates_[static_cast<std::size_t>(p)];
    for (int seq = 0; seq < run_.items; ++seq) {
        a.sleep(ms_to_ns(static_cast<double>(produce_ms_())), ThreadState::Working); // its own work, not a numbered task
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
            a.sleep(ms_to_ns(static_cast<double>(consume_ms_())), ThreadState::Working); // its own work, not a numbered task
            break;
        case QueueStatus::Empty: // get_nowait said "empty": look again a little later
            a.sleep(ms_to_ns(kEmptyRetryMs), ThreadState::Sleeping, kQueueId);
            break;
        case QueueStatus::Closed: return;
        default: break; // timed out: ask again
        }
    }
}

// [SECTION] Live state

void QueueDemo::on_param_changed(std::string_view key) {
    if (key == lock_on_.key() && queue_) queue_->set_locked(lock_on_());
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
    recorded_.reset();
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
    result_ = compute_check();
    has_result_ = true;
}

QueueCheck QueueDemo::compute_check() const {
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
    return check_queue(l);
}

// [SECTION] For the explorer (after a run: the bookkeeper's result)

std::optional<QueueCheck> QueueDemo::settled_result() const {
    if (has_result_) return result_;
    // A controlled run that has finished or deadlocked is settled before the next poll: every
    // actor is parked or done (the scheduler's mutex orders their writes before this read).
    const Scheduler* s = scheduler();
    if (!queue_ || !s || (s->phase() != Scheduler::Phase::Finished && s->phase() != Scheduler::Phase::Deadlocked))
        return std::nullopt;
    return compute_check();
}

Json QueueDemo::outcome() const {
    const auto r = settled_result();
    if (!r) return nullptr;
    return {{"delivered", r->consumed}, {"lost", r->lost}, {"duplicated", r->duplicated}, {"dropped", r->dropped}};
}

std::vector<std::string> QueueDemo::failures() const {
    std::vector<std::string> f;
    const auto r = settled_result();
    if (!r) return f;
    if (r->lost > 0) f.push_back("item_lost");
    if (r->duplicated > 0) f.push_back("item_duplicated");
    if (r->order_violations > 0) f.push_back("order_broken");
    return f;
}

std::uint64_t QueueDemo::state_fingerprint() const {
    if (!queue_) return 0;
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    const QueueStats st = queue_->stats();
    mix(st.accepted);
    mix(st.taken);
    mix(static_cast<std::uint64_t>(st.depth));
    for (const QueueItem& it : queue_->contents(InstrumentedQueue::kMaxCapacity)) mix(static_cast<std::uint64_t>(it.key() + 1));
    return h;
}

QueueStats QueueDemo::stats_now() const {
    return queue_ ? queue_->stats() : recorded_ ? recorded_->stats : QueueStats{};
}

QueueDemo::Snapshot QueueDemo::snapshot(std::size_t max_items) const {
    Snapshot s;
    if (!queue_ && recorded_) {
        s = *recorded_;
        if (s.items.size() > max_items) s.items.resize(max_items);
        return s;
    }
    if (!queue_) {
        s.capacity = static_cast<int>(capacity_());
        s.policy = policy_();
        s.locked = lock_on_();
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
    } else if (queue_ || recorded_) {
        const QueueStats s = stats_now(); // one consistent set of counters
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
    const QueueStats s = stats_now();
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

std::vector<StateStyle> QueueDemo::state_styles() const {
    auto styles = queue_state_styles();
    styles.push_back({ThreadState::Sleeping, "idle: looking again soon", StateTone::Sleeping});
    return styles;
}

void QueueDemo::write_result(Json& j) const {
    const Bookkeeping b = bookkeeping();
    const QueueStats s = stats_now();
    const QueueCheck& r = result_;
    auto list = [&](const std::vector<std::string>& names) {
        constexpr std::size_t kMaxNames = 1000; // counts stay exact; long lists are cut
        return std::vector<std::string>(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), kMaxNames)));
    };
    for (const char* key : {"policy", "capacity", "producers", "consumers", "items", "put", "get", "shutdown"}) {
        const ParamSpec& spec = *params_.find(key);
        if (spec.type == ParamType::Choice)
            j[key] = params_.text(key);
        else
            j[key] = params_.value(key);
    }
    j["lock"] = lock_on_();
    j["produced"] = b.produced;
    j["consumed"] = b.consumed;
    j["dropped"] = b.dropped;
    j["remaining"] = b.in_queue;
    j["lost_at_shutdown"] = b.lost_at_shutdown;
    j["duplicated"] = has_result_ ? r.duplicated : std::uint64_t{0};
    j["lost"] = has_result_ ? r.lost : std::uint64_t{0};
    j["order_violations"] = has_result_ ? r.order_violations : std::uint64_t{0};
    j["max_depth"] = s.max_depth;
    j["balanced"] = b.balanced;
    j["order_checked"] = has_result_ && r.order_checked;
    j["empty_gets"] = s.empty_gets;
    j["timeouts"] = s.put_timeouts + s.get_timeouts;
    j["put_timeouts"] = s.put_timeouts;
    j["get_timeouts"] = s.get_timeouts;
    j["phantom_gets"] = s.phantoms;
    j["terminated"] = terminated();
    j["lost_at_shutdown_items"] = list(r.lost_at_shutdown_items);
    j["duplicated_items"] = list(r.duplicated_items);
    j["lost_items"] = list(r.lost_items);
    j["dropped_items"] = list(r.dropped_items);
    j["order_violation_items"] = list(r.order_violation_items);
}

} // namespace tl
