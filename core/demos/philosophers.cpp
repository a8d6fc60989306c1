#include "core/demos/philosophers.hpp"

#include <algorithm>
#include <cmath>

namespace tl {

// [SECTION] Parameters

PhilosophersDemo::PhilosophersDemo() {
    count_ = params_.add_int({.key = "philosophers", .label = "Philosophers",
                              .help = "philosophers (threads) round the table; as many forks",
                              .min = 2, .max = kMaxPhilosophers, .def = 5});
    strategy_param_ = params_.add_choice<Strategy>(
        {.key = "strategy", .label = "Strategy",
         .help = "naive: left then right (deadlocks); ordered: lower-numbered fork first; waiter: at most N-1 "
                 "seated; trylock: try the second fork, back off; both: take both at once (scoped_lock)",
         .choices = {"naive", "ordered", "waiter", "trylock", "both"}});
    variant_ = params_.add_choice<Variant>(
        {.key = "variant", .label = "Variant",
         .help = "table: N forks round a table; noodles: the tutorials' scientists, two shared locks (noodles and "
                 "fork) taken in opposite orders",
         .choices = {"table", "noodles"}});
    think_ms_ = params_.add_int({.key = "think-ms", .label = "Think time",
                                 .help = "how long a philosopher thinks between meals",
                                 .min = 0, .max = 2000, .def = 30, .unit = "ms", .live = true});
    eat_ms_ = params_.add_int({.key = "eat-ms", .label = "Eat time", .help = "how long a meal takes (both forks held)",
                               .min = 0, .max = 2000, .def = 10, .unit = "ms", .live = true});
    hesitate_ms_ = params_.add_int({.key = "hesitate-ms", .label = "Hesitation",
                                    .help = "pause between taking the first and the second fork: the deadlock comes "
                                            "quickly and reliably",
                                    .min = 0, .max = 500, .def = 5, .unit = "ms", .live = true});
    duration_ms_ = params_.add_int({.key = "duration-ms", .label = "Duration",
                                    .help = "how long the run lasts (0: until stopped)",
                                    .min = 0, .max = 600000, .def = 10000, .unit = "ms"});
    meals_ = params_.add_int({.key = "meals", .label = "Meals each",
                              .help = "each philosopher leaves after this many meals (0: no limit); small numbers "
                                      "keep a stepped or explored run short",
                              .min = 0, .max = 100000, .def = 0});
    jitter_ = params_.add_bool({.key = "jitter", .label = "Jitter",
                                .help = "random think and back-off times; off: everyone starts together and keeps in "
                                        "step (try-lock then livelocks)",
                                .def = true, .live = true});
    locks_param_ = params_.add_choice<Locks>(
        {.key = "locks", .label = "Noodles locks",
         .help = "noodles variant: two locks (noodles, fork), or one lock for both: recursive (the RLock remedy) or "
                 "plain (the second take self-deadlocks)",
         .choices = {"two", "one-recursive", "one-plain"},
         .visible = [this] { return variant_() == Variant::Noodles; }});
    configure();
}

PhilosophersDemo::~PhilosophersDemo() { stop(); }

std::string PhilosophersDemo::title() const {
    return noodles_ ? "Scientists eating noodles" : "Dining philosophers";
}

std::vector<StateStyle> PhilosophersDemo::state_styles() const {
    return {{ThreadState::Sleeping, "thinking", StateTone::Sleeping}};
}

void PhilosophersDemo::configure() {
    n_ = static_cast<int>(count_());
    noodles_ = variant_() == Variant::Noodles;
    strategy_ = strategy_param_();
    locks_kind_ = noodles_ ? locks_param_() : Locks::Two;
    lock_ids_.clear();
    if (!noodles_) {
        for (int k = 0; k < n_; ++k) lock_ids_.push_back(static_cast<std::uint32_t>(k + 1));
    } else if (locks_kind_ == Locks::Two) {
        lock_ids_ = {1, 2}; // noodles, fork
    } else {
        lock_ids_ = {1};
    }
}

// [SECTION] Names

int PhilosophersDemo::lock_index(std::uint32_t id) const {
    for (std::size_t k = 0; k < lock_ids_.size(); ++k)
        if (lock_ids_[k] == id) return static_cast<int>(k);
    return -1;
}

LockRef PhilosophersDemo::lock_ref(int index) const {
    using K = LockRef::Kind;
    if (!noodles_) return {K::Fork, index + 1};
    if (locks_kind_ != Locks::Two) return {K::NoodlesAndFork, 0};
    return {index == 0 ? K::Noodles : K::NoodlesFork, 0};
}

LockRef PhilosophersDemo::lock_ref_of_id(std::uint32_t id) const {
    if (id == kWaiterId) return {LockRef::Kind::Seat, 0};
    const int k = lock_index(id);
    return k < 0 ? LockRef{LockRef::Kind::Other, static_cast<int>(id)} : lock_ref(k);
}

LaneName PhilosophersDemo::philosopher_name(int i) const {
    return {noodles_ ? "Scientist {1}" : "P{1}", i + 1};
}

void PhilosophersDemo::on_param_changed(std::string_view) {
    if (!running()) configure(); // the views show the next run's table before it starts
}

// [SECTION] Actors

void PhilosophersDemo::on_start(Runtime& rt) {
    configure();
    run_seed_ = run_seed_ * 1103515245u + 12345u;
    locks_.clear();
    rlock_.reset();
    if (locks_kind_ == Locks::OneRecursive)
        rlock_ = std::make_unique<RecursiveMutex>(lock_ids_[0]);
    else
        for (std::uint32_t id : lock_ids_) locks_.push_back(std::make_unique<InstrumentedMutex>(id));
    start_barrier_ = std::make_unique<ActorBarrier>(n_);
    seats_.reset(noodles_ ? 1 : n_ - 1);
    for (Philosopher& p : phil_) {
        p.meals.store(0, std::memory_order_relaxed);
        p.phase.store(Phase::Thinking, std::memory_order_relaxed);
        p.hungry_since.store(0, std::memory_order_relaxed);
        p.longest_wait.store(0, std::memory_order_relaxed);
        p.give_up.store(false, std::memory_order_relaxed);
        p.lane.store(-1, std::memory_order_relaxed);
        p.blocked_on.store(0, std::memory_order_relaxed);
    }
    breaks_.store(0, std::memory_order_relaxed);
    monitor_.clear();
    lock_order_.clear();
    run_start_ = last_meal_seen_ = rt.now();
    last_total_ = 0;
    meal_rate_ = 0;
    meal_samples_.clear();
    livelock_now_ = livelock_seen_ = deadlocked_at_end_ = false;
    shown_hungry_ms_.clear();

    const Nanos duration = ms_to_ns(static_cast<double>(duration_ms_()));
    const Nanos end = duration > 0 ? run_start_ + duration : 0;
    for (int i = 0; i < n_; ++i) rt.spawn(philosopher_name(i), [this, i, end](Actor& a) { philosopher(a, i, end); });
    if (!rt.scheduler()) start_watch(rt); // controlled runs know a deadlock exactly, at once
}

void PhilosophersDemo::start_watch(Runtime& rt) {
    struct Lock {
        std::uint32_t id;
        const InstrumentedMutex* plain;
        const RecursiveMutex* recursive;
    };
    std::vector<Lock> locks;
    for (std::size_t k = 0; k < lock_ids_.size(); ++k)
        locks.push_back({lock_ids_[k], rlock_ ? nullptr : locks_[k].get(), rlock_.get()});
    // Reads only atomics and objects that outlive the watch (stopped in on_stopped, before the
    // next run replaces them).
    watch_.start([this, locks = std::move(locks), n = n_, &rec = rt.recorder()](std::vector<DeadlockWatch::Blocked>& out) {
        for (int i = 0; i < n; ++i) {
            const Philosopher& p = phil_[static_cast<std::size_t>(i)];
            const std::uint32_t id = p.blocked_on.load(std::memory_order_relaxed);
            const int lane = p.lane.load(std::memory_order_relaxed);
            if (id == 0 || lane < 0) continue;
            for (const Lock& l : locks) {
                if (l.id != id) continue;
                const int holder = l.plain ? l.plain->owner() : l.recursive->owner();
                out.push_back({static_cast<std::uint16_t>(lane), id, holder, rec.offered(static_cast<LaneId>(lane))});
            }
        }
    });
}

void PhilosophersDemo::on_stopped() { watch_.stop(); }

Nanos PhilosophersDemo::vary(Nanos base, std::minstd_rand& rng) const {
    if (!jitter_() || base <= 0) return base;
    std::uniform_real_distribution<double> f(0.0, 2.0);
    return static_cast<Nanos>(static_cast<double>(base) * f(rng));
}

void PhilosophersDemo::philosopher(Actor& a, int i, Nanos end) {
    Philosopher& p = phil_[static_cast<std::size_t>(i)];
    p.lane.store(a.lane(), std::memory_order_relaxed);
    std::minstd_rand rng(run_seed_ + 7919u * static_cast<unsigned>(i + 1));
    // Everyone sits down together: without jitter they then stay in step.
    if (!a.controlled()) start_barrier_->arrive_and_wait(a); // controlled: nobody starts before all exist
    try {
        meals_until(a, i, end, rng);
    } catch (const ActorStopped&) {
        // Stopped while hungry (a deadlock, say): that wait counts too.
        const Nanos since = p.hungry_since.load(std::memory_order_relaxed);
        if (since > 0 && a.now() - since > p.longest_wait.load(std::memory_order_relaxed))
            p.longest_wait.store(a.now() - since, std::memory_order_relaxed);
        release_all(a);
        throw;
    }
    p.phase.store(Phase::Done, std::memory_order_relaxed);
}

void PhilosophersDemo::meals_until(Actor& a, int i, Nanos end, std::minstd_rand& rng) {
    Philosopher& p = phil_[static_cast<std::size_t>(i)];
    const std::uint64_t meals = static_cast<std::uint64_t>(meals_());
    while ((end == 0 || a.now() < end) && (meals == 0 || p.meals.load(std::memory_order_relaxed) < meals)) {
        p.phase.store(Phase::Thinking, std::memory_order_relaxed);
        a.sleep(vary(ms_to_ns(static_cast<double>(think_ms_())), rng), ThreadState::Sleeping);

        p.phase.store(Phase::Hungry, std::memory_order_relaxed);
        const Nanos hungry = a.now();
        p.hungry_since.store(hungry, std::memory_order_relaxed);
        const Held h = take_forks(a, i, rng);

        p.phase.store(Phase::Eating, std::memory_order_relaxed);
        const Nanos waited = a.now() - hungry;
        if (waited > p.longest_wait.load(std::memory_order_relaxed)) p.longest_wait.store(waited, std::memory_order_relaxed);
        p.hungry_since.store(0, std::memory_order_relaxed);
        a.sleep(ms_to_ns(static_cast<double>(eat_ms_())), ThreadState::HoldLock, lock_id(h.second));
        p.meals.fetch_add(1, std::memory_order_relaxed);
        p.give_up.store(false, std::memory_order_relaxed); // a break request that came too late
        put_down(a, h);
    }
}

// [SECTION] For the explorer

Json PhilosophersDemo::outcome() const {
    Json meals = Json::array();
    for (int i = 0; i < n_; ++i) meals.push_back(phil_[static_cast<std::size_t>(i)].meals.load(std::memory_order_relaxed));
    return meals;
}

std::uint64_t PhilosophersDemo::state_fingerprint() const {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    for (int i = 0; i < n_; ++i) mix(phil_[static_cast<std::size_t>(i)].meals.load(std::memory_order_relaxed));
    if (rlock_) {
        mix(static_cast<std::uint64_t>(rlock_->owner() + 1));
        mix(static_cast<std::uint64_t>(rlock_->holds()));
    }
    for (const auto& m : locks_) mix(static_cast<std::uint64_t>(m->owner() + 1));
    return h;
}

// [SECTION] Analysis (poll thread)

void PhilosophersDemo::on_event(const Event& e) {
    monitor_.on_event(e);
    lock_order_.on_event(e);
}

Nanos PhilosophersDemo::livelock_window() const {
    const auto ms = [](const Param<std::int64_t>& p) { return static_cast<double>(p()); };
    const double cycle = 1.5 * ms(think_ms_) + ms(eat_ms_) + 3 * ms(hesitate_ms_) + 1;
    return static_cast<Nanos>(static_cast<double>(ms_to_ns(std::max(2000.0, 10 * cycle))) * time_scale());
}

void PhilosophersDemo::on_poll(Nanos now) {
    if (!started()) return;
    const bool was_deadlocked = monitor_.deadlocked();
    const std::size_t known = monitor_.history().size();
    monitor_.update(now);
    // Newly confirmed deadlocks: when the watch was first sure of it (it does not wait for a
    // frame), and a marker on each member's lane of the timeline.
    auto& lanes = timeline().lanes();
    for (std::size_t k = known; k < monitor_.history().size(); ++k) {
        if (auto t = watch_.detected(monitor_.history()[k].cycle, monitor_.history()[k].formed)) monitor_.detected_earlier(k, *t);
        const Deadlock& d = monitor_.history()[k];
        for (std::size_t m = 0; m < d.cycle.lanes.size(); ++m) {
            const auto lane = d.cycle.lanes[m];
            if (lane >= lanes.size()) continue;
            auto& markers = lanes[lane].markers; // kept sorted: the detection may predate this poll
            const Marker mark{d.detected, 0, d.cycle.locks[m], MarkKind::Deadlock};
            markers.insert(std::upper_bound(markers.begin(), markers.end(), mark, [](const Marker& x, const Marker& y) { return x.ts < y.ts; }), mark);
        }
    }
    if (was_deadlocked && !monitor_.deadlocked() && !running()) deadlocked_at_end_ = true;

    // Livelock: busy threads, no cycle, and not one meal for a whole window.
    const std::uint64_t total = total_meals();
    if (total != last_total_) {
        last_total_ = total;
        last_meal_seen_ = now;
    }
    const Nanos window = livelock_window();
    meal_samples_.push_back({now, total});
    while (meal_samples_.size() > 2 && meal_samples_[1].first <= now - window) meal_samples_.erase(meal_samples_.begin());
    const auto& [t0, m0] = meal_samples_.front();
    meal_rate_ = now > t0 ? static_cast<double>(total - m0) / ns_to_ms(now - t0) * 1000.0 : 0;
    livelock_now_ = running() && monitor_.graph().find_cycles().empty() && now - last_meal_seen_ >= window;
    if (livelock_now_) livelock_seen_ = true;
}

void PhilosophersDemo::on_reset() {
    monitor_.clear();
    lock_order_.clear();
    for (Philosopher& p : phil_) {
        p.meals.store(0, std::memory_order_relaxed);
        p.phase.store(Phase::Thinking, std::memory_order_relaxed);
        p.hungry_since.store(0, std::memory_order_relaxed);
        p.longest_wait.store(0, std::memory_order_relaxed);
    }
    breaks_.store(0, std::memory_order_relaxed);
    meal_samples_.clear();
    meal_rate_ = 0;
    last_total_ = 0;
    livelock_now_ = livelock_seen_ = deadlocked_at_end_ = false;
    shown_hungry_ms_.clear();
    configure();
}

bool PhilosophersDemo::break_deadlock() {
    if (!monitor_.deadlocked() || !running()) return false;
    const WaitCycle& c = monitor_.current().front().cycle;
    // The first member (lowest lane) gives up its wait and puts down what it holds.
    const int i = c.lanes.front();
    if (i >= n_) return false;
    phil_[static_cast<std::size_t>(i)].give_up.store(true, std::memory_order_relaxed);
    return true;
}

// [SECTION] Queries

int PhilosophersDemo::lock_holder(int index) const { return monitor_.graph().holder(lock_id(index)); }

int PhilosophersDemo::lock_holds(int index) const { return monitor_.graph().holds(lock_id(index)); }

std::vector<std::uint64_t> PhilosophersDemo::meals() const {
    std::vector<std::uint64_t> out;
    for (int i = 0; i < n_; ++i) out.push_back(phil_[static_cast<std::size_t>(i)].meals.load(std::memory_order_relaxed));
    return out;
}

std::uint64_t PhilosophersDemo::total_meals() const {
    std::uint64_t t = 0;
    for (auto m : meals()) t += m;
    return t;
}

std::vector<PhilosophersDemo::Seat> PhilosophersDemo::seats() const {
    const Nanos now = clock();
    const WaitForGraph& g = monitor_.graph();
    std::vector<Seat> out;
    for (int i = 0; i < n_; ++i) {
        const Philosopher& p = phil_[static_cast<std::size_t>(i)];
        Seat s;
        s.name = philosopher_name(i);
        s.phase = p.phase.load(std::memory_order_relaxed);
        s.meals = p.meals.load(std::memory_order_relaxed);
        const auto lane = static_cast<std::uint16_t>(i);
        const std::int64_t w = g.waiting_for(lane);
        s.waiting_for = w < 0 ? -1 : lock_index(static_cast<std::uint32_t>(w));
        for (int k = 0; k < lock_count(); ++k)
            if (g.holder(lock_id(k)) == i) s.holding.push_back(k);
        const Nanos since = p.hungry_since.load(std::memory_order_relaxed);
        const bool hungry = since > 0 && running() && s.phase == Phase::Hungry;
        const std::size_t k = static_cast<std::size_t>(i);
        s.hungry_ms = hungry ? ns_to_ms(now - since) : k < shown_hungry_ms_.size() ? shown_hungry_ms_[k] : 0;
        s.longest_wait_ms = std::max(ns_to_ms(p.longest_wait.load(std::memory_order_relaxed)), s.hungry_ms);
        for (const Deadlock& d : monitor_.current())
            if (std::find(d.cycle.lanes.begin(), d.cycle.lanes.end(), lane) != d.cycle.lanes.end()) s.in_deadlock = true;
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<double> PhilosophersDemo::detected_after_ms() const {
    if (monitor_.history().empty()) return std::nullopt;
    return monitor_.history().front().detected_after_ms();
}

std::vector<std::string> PhilosophersDemo::cycle_names() const {
    std::vector<std::string> out;
    if (monitor_.history().empty()) return out;
    for (auto lane : monitor_.history().front().cycle.lanes) out.push_back(philosopher_name(lane).english());
    return out;
}

std::optional<WaitCycle> PhilosophersDemo::deadlock_cycle() const {
    if (!monitor_.current().empty()) return monitor_.current().front().cycle;
    if (!monitor_.history().empty()) return monitor_.history().back().cycle;
    return std::nullopt;
}

std::optional<WaitCycle> PhilosophersDemo::first_cycle() const {
    if (monitor_.history().empty()) return std::nullopt;
    return monitor_.history().front().cycle;
}

const LockInversion* PhilosophersDemo::first_inversion() const {
    return lock_order_.inversions().empty() ? nullptr : &lock_order_.inversions().front();
}

// [SECTION] English for the command line (the JSON result)

std::string PhilosophersDemo::english(const LockRef& r) const {
    switch (r.kind) {
    case LockRef::Kind::Fork: return "fork " + std::to_string(r.number);
    case LockRef::Kind::Noodles: return "the noodles";
    case LockRef::Kind::NoodlesFork: return "the fork";
    case LockRef::Kind::NoodlesAndFork: return "the noodles-and-fork lock";
    case LockRef::Kind::Seat: return "a seat";
    case LockRef::Kind::Other: break;
    }
    return "lock " + std::to_string(r.number);
}

// "P1 waits for fork 2 held by P2, P2 waits for ..."; a self-wait: "... held by S1 (itself)".
std::string PhilosophersDemo::english(const WaitCycle& c) const {
    std::string out;
    for (const WaitLink& l : c.links()) {
        if (!out.empty()) out += ", ";
        out += philosopher_name(l.waiter).english() + " waits for " + english(lock_ref_of_id(l.lock)) + " held by " +
               philosopher_name(l.holder).english();
        if (l.self_wait()) out += " (itself)";
    }
    return out;
}

// "P1 took fork 2 while holding fork 1; P2 took fork 1 while holding fork 2".
std::string PhilosophersDemo::english(const LockInversion& inv) const {
    std::string out;
    for (const LockOrderEdge& e : inv.oldest_first()) {
        if (!out.empty()) out += "; ";
        out += philosopher_name(e.lane).english() + (e.obtained ? " took " : " waited for ") +
               english(lock_ref_of_id(e.to)) + " while holding " + english(lock_ref_of_id(e.from));
    }
    return out;
}

// [SECTION] Results

std::vector<Metric> PhilosophersDemo::metrics() const {
    const auto ms = meals();
    const std::uint64_t least = ms.empty() ? 0 : *std::min_element(ms.begin(), ms.end());
    double longest = 0;
    for (const Seat& s : seats()) longest = std::max(longest, s.longest_wait_ms);
    const auto after = detected_after_ms();
    return {
        {"meals", "Meals", static_cast<double>(total_meals())},
        {"fewest_meals", "Fewest meals", static_cast<double>(least)},
        {"longest_wait_ms", "Longest wait (ms)", std::round(longest)},
        {"deadlocked", "Deadlocked", deadlocked() ? 1.0 : 0.0},
        {"detected_after_ms", "Found after (ms)", after ? std::round(*after) : 0},
        {"breaks", "Deadlocks broken", static_cast<double>(breaks())},
        {"lock_order_inversions", "Lock-order inversions", static_cast<double>(lock_order_.inversions().size())},
        {"livelock", "Livelock", livelock_seen_ ? 1.0 : 0.0},
    };
}

void PhilosophersDemo::write_result(Json& j) const {
    j["variant"] = noodles_ ? "noodles" : "table";
    j["strategy"] = params_.text(strategy_param_.key());
    j["philosophers"] = n_;
    if (noodles_) j["locks"] = params_.text(locks_param_.key());
    j["deadlocked"] = deadlocked();
    const auto after = detected_after_ms();
    j["detected_after_ms"] = after ? Json(*after) : Json(nullptr);
    // Since the start of the run.
    j["deadlock_formed_at_ms"] = deadlocked() ? Json(ns_to_ms(monitor_.history().front().formed - run_start_)) : Json(nullptr);
    j["cycle"] = cycle_names();
    const auto first = first_cycle();
    j["cycle_text"] = first ? english(*first) : std::string();
    j["deadlocked_at_end"] = deadlocked_at_end_ || deadlocked_now();
    j["deadlocks"] = monitor_.history().size();
    j["breaks"] = breaks();
    j["meals"] = meals();
    Json waits = Json::array();
    for (const Seat& s : seats()) waits.push_back(s.longest_wait_ms);
    j["longest_wait_ms"] = std::move(waits);
    j["livelock"] = livelock_seen_;
    j["lock_order_inversion"] = !lock_order_.inversions().empty();
    j["lock_order_inversions"] = lock_order_.inversions().size();
    j["inversion_text"] = first_inversion() ? english(*first_inversion()) : std::string();
}

} // namespace tl
