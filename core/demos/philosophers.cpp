#include "core/demos/philosophers.hpp"

#include <algorithm>
#include <cmath>

namespace tl {

// [SECTION] Parameters

PhilosophersDemo::PhilosophersDemo() {
    params_.add({"philosophers", "Philosophers", "philosophers (threads) round the table; as many forks",
                 ParamType::Int, 2, kMaxPhilosophers, 5});
    params_.add({"strategy", "Strategy",
                 "naive: left then right (deadlocks); ordered: lower-numbered fork first; waiter: at most "
                 "N-1 seated; trylock: try the second fork, back off; both: take both at once (scoped_lock)",
                 ParamType::Choice, 0, 0, 0, {"naive", "ordered", "waiter", "trylock", "both"}});
    params_.add({"variant", "Variant",
                 "table: N forks round a table; noodles: the tutorials' scientists, two shared locks "
                 "(noodles and fork) taken in opposite orders",
                 ParamType::Choice, 0, 0, 0, {"table", "noodles"}});
    params_.add({"think-ms", "Think time", "how long a philosopher thinks between meals", ParamType::Int, 0, 2000,
                 30, {}, true, "ms"});
    params_.add({"eat-ms", "Eat time", "how long a meal takes (both forks held)", ParamType::Int, 0, 2000, 10, {},
                 true, "ms"});
    params_.add({"hesitate-ms", "Hesitation", "pause between taking the first and the second fork: the deadlock "
                 "comes quickly and reliably", ParamType::Int, 0, 500, 5, {}, true, "ms"});
    params_.add({"duration-ms", "Duration", "how long the run lasts (0: until stopped)", ParamType::Int, 0, 600000,
                 10000, {}, false, "ms"});
    params_.add({"jitter", "Jitter",
                 "random think and back-off times; off: everyone starts together and keeps in step "
                 "(try-lock then livelocks)",
                 ParamType::Bool, 0, 1, 1, {}, true});
    params_.add({"locks", "Noodles locks",
                 "noodles variant: two locks (noodles, fork), or one lock for both: recursive (the "
                 "RLock remedy) or plain (the second take self-deadlocks)",
                 ParamType::Choice, 0, 0, 0, {"two", "one-recursive", "one-plain"}, false, "", "variant=noodles"});
    configure();
}

PhilosophersDemo::~PhilosophersDemo() { stop(); }

std::string PhilosophersDemo::title() const {
    return noodles_ ? "Scientists eating noodles" : "Dining philosophers";
}

void PhilosophersDemo::configure() {
    n_ = static_cast<int>(params_.get("philosophers"));
    noodles_ = params_.choice("variant") == "noodles";
    strategy_ = static_cast<Strategy>(params_.get("strategy"));
    locks_kind_ = noodles_ ? static_cast<Locks>(params_.get("locks")) : Locks::Two;
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

std::string PhilosophersDemo::lock_name(int index) const {
    if (!noodles_) return "fork " + std::to_string(index + 1);
    if (locks_kind_ != Locks::Two) return "the noodles-and-fork lock";
    return index == 0 ? "the noodles" : "the fork";
}

std::string PhilosophersDemo::lock_name_of_id(std::uint32_t id) const {
    if (id == kWaiterId) return "a seat";
    const int k = lock_index(id);
    return k < 0 ? "lock " + std::to_string(id) : lock_name(k);
}

std::string PhilosophersDemo::philosopher_name(int i) const {
    return (noodles_ ? "Scientist " : "P") + std::to_string(i + 1);
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
    }
    breaks_.store(0, std::memory_order_relaxed);
    monitor_.clear();
    lock_order_.clear();
    run_start_ = last_meal_seen_ = now_ns();
    last_total_ = 0;
    meal_rate_ = 0;
    meal_samples_.clear();
    livelock_now_ = livelock_seen_ = deadlocked_at_end_ = false;

    const Nanos duration = ms_to_ns(static_cast<double>(params_.get("duration-ms")));
    const Nanos end = duration > 0 ? run_start_ + duration : 0;
    for (int i = 0; i < n_; ++i) rt.spawn(philosopher_name(i), [this, i, end](Actor& a) { philosopher(a, i, end); });
}

Nanos PhilosophersDemo::vary(Nanos base, std::minstd_rand& rng) const {
    if (!params_.on("jitter") || base <= 0) return base;
    std::uniform_real_distribution<double> f(0.0, 2.0);
    return static_cast<Nanos>(static_cast<double>(base) * f(rng));
}

void PhilosophersDemo::philosopher(Actor& a, int i, Nanos end) {
    Philosopher& p = phil_[static_cast<std::size_t>(i)];
    std::minstd_rand rng(run_seed_ + 7919u * static_cast<unsigned>(i + 1));
    // Everyone sits down together: without jitter they then stay in step.
    start_barrier_->arrive_and_wait(a);
    try {
        meals_until(a, i, end, rng);
    } catch (const ActorStopped&) {
        // Stopped while hungry (a deadlock, say): that wait counts too.
        const Nanos since = p.hungry_since.load(std::memory_order_relaxed);
        if (since > 0 && now_ns() - since > p.longest_wait.load(std::memory_order_relaxed))
            p.longest_wait.store(now_ns() - since, std::memory_order_relaxed);
        release_all(a);
        throw;
    }
    p.phase.store(Phase::Done, std::memory_order_relaxed);
}

void PhilosophersDemo::meals_until(Actor& a, int i, Nanos end, std::minstd_rand& rng) {
    Philosopher& p = phil_[static_cast<std::size_t>(i)];
    while (end == 0 || now_ns() < end) {
        p.phase.store(Phase::Thinking, std::memory_order_relaxed);
        a.sleep(vary(ms_to_ns(static_cast<double>(params_.get("think-ms"))), rng), ThreadState::Thinking);

        p.phase.store(Phase::Hungry, std::memory_order_relaxed);
        const Nanos hungry = now_ns();
        p.hungry_since.store(hungry, std::memory_order_relaxed);
        const Held h = take_forks(a, i, rng);

        p.phase.store(Phase::Eating, std::memory_order_relaxed);
        const Nanos waited = now_ns() - hungry;
        if (waited > p.longest_wait.load(std::memory_order_relaxed)) p.longest_wait.store(waited, std::memory_order_relaxed);
        p.hungry_since.store(0, std::memory_order_relaxed);
        a.sleep(ms_to_ns(static_cast<double>(params_.get("eat-ms"))), ThreadState::HoldLock, lock_id(h.second));
        p.meals.fetch_add(1, std::memory_order_relaxed);
        p.give_up.store(false, std::memory_order_relaxed); // a break request that came too late
        put_down(a, h);
    }
}

// [SECTION] Analysis (poll thread)

void PhilosophersDemo::on_event(const Event& e) {
    monitor_.on_event(e);
    lock_order_.on_event(e);
}

Nanos PhilosophersDemo::livelock_window() const {
    const auto ms = [this](const char* k) { return static_cast<double>(params_.get(k)); };
    const double cycle = 1.5 * ms("think-ms") + ms("eat-ms") + 3 * ms("hesitate-ms") + 1;
    return static_cast<Nanos>(static_cast<double>(ms_to_ns(std::max(2000.0, 10 * cycle))) * time_scale());
}

void PhilosophersDemo::on_poll(Nanos now) {
    if (!started()) return;
    const bool was_deadlocked = monitor_.deadlocked();
    const std::size_t known = monitor_.history().size();
    monitor_.update(now);
    // Newly confirmed deadlocks: a marker on each member's lane of the timeline.
    auto& lanes = timeline().lanes();
    for (std::size_t k = known; k < monitor_.history().size(); ++k) {
        const Deadlock& d = monitor_.history()[k];
        for (std::size_t m = 0; m < d.cycle.lanes.size(); ++m) {
            const auto lane = d.cycle.lanes[m];
            if (lane < lanes.size()) lanes[lane].markers.push_back({now, 0, d.cycle.locks[m], MarkKind::Deadlock});
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
    const Nanos now = now_ns();
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
        s.hungry_ms = hungry ? ns_to_ms(now - since) : 0;
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
    for (auto lane : monitor_.history().front().cycle.lanes) out.push_back(philosopher_name(lane));
    return out;
}

std::string PhilosophersDemo::text_of(const WaitCycle& c) const {
    return describe(c, [this](std::uint16_t l) { return philosopher_name(l); },
                    [this](std::uint32_t id) { return lock_name_of_id(id); });
}

std::string PhilosophersDemo::deadlock_text() const {
    if (!monitor_.current().empty()) return text_of(monitor_.current().front().cycle);
    if (!monitor_.history().empty()) return text_of(monitor_.history().back().cycle);
    return {};
}

std::string PhilosophersDemo::inversion_text() const {
    if (lock_order_.inversions().empty()) return {};
    return describe(lock_order_.inversions().front(), [this](std::uint16_t l) { return philosopher_name(l); },
                    [this](std::uint32_t id) { return lock_name_of_id(id); });
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

void PhilosophersDemo::write_json(JsonWriter& j) const {
    j.begin_object();
    j.key("demo").value("philosophers");
    j.key("variant").value(noodles_ ? "noodles" : "table");
    j.key("strategy").value(params_.choice("strategy"));
    j.key("philosophers").value(n_);
    if (noodles_) j.key("locks").value(params_.choice("locks"));
    j.key("deadlocked").value(deadlocked());
    j.key("detected_after_ms");
    if (const auto after = detected_after_ms())
        j.value(*after);
    else
        j.null();
    j.key("deadlock_formed_at_ms"); // since the start of the run
    if (deadlocked())
        j.value(ns_to_ms(monitor_.history().front().formed - run_start_));
    else
        j.null();
    j.key("cycle").begin_array();
    for (const auto& name : cycle_names()) j.value(name);
    j.end_array();
    j.key("cycle_text").value(monitor_.history().empty() ? std::string() : text_of(monitor_.history().front().cycle));
    j.key("deadlocked_at_end").value(deadlocked_at_end_ || deadlocked_now());
    j.key("deadlocks").value(static_cast<std::uint64_t>(monitor_.history().size()));
    j.key("breaks").value(breaks());
    j.key("meals").begin_array();
    for (auto m : meals()) j.value(m);
    j.end_array();
    j.key("longest_wait_ms").begin_array();
    for (const Seat& s : seats()) j.value(s.longest_wait_ms);
    j.end_array();
    j.key("livelock").value(livelock_seen_);
    j.key("lock_order_inversion").value(!lock_order_.inversions().empty());
    j.key("inversion_text").value(inversion_text());
    j.key("trace_events_dropped").value(overflow());
    j.end_object();
}

} // namespace tl
