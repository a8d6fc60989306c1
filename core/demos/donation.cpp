#include "core/demos/donation.hpp"

#include <thread>

#include "core/trace/decimate.hpp"

namespace tl {

// [SECTION] Parameters

DonationDemo::DonationDemo() {
    auto round_mode = [this] { return mode_() == Mode::Round; };
    auto balance = [this] { return variant_() == Variant::Balance; };
    variant_ = params_.add_choice<Variant>(
        {.key = "variant", .label = "Variant",
         .help = "donation: donors give to one balance; balance: two threads add and take back n",
         .choices = {"donation", "balance"}});
    mode_ = params_.add_choice<Mode>({.key = "mode", .label = "Mode",
                                      .help = "round: each donor gives once per round; continuous: donors keep giving",
                                      .choices = {"round", "continuous"}});
    donors_ = params_.add_int({.key = "donors", .label = "Donors", .help = "number of donor threads",
                               .min = 1, .max = 256, .def = 50});
    amount_param_ = params_.add_int({.key = "amount", .label = "Amount", .help = "what each donor gives",
                                     .min = 1, .max = 10000, .def = 100});
    initial_param_ = params_.add_int({.key = "initial", .label = "Initial balance",
                                      .help = "the balance before anyone gives", .min = 0, .max = 1000000, .def = 1000});
    think_ms_ = params_.add_int({.key = "think-ms", .label = "Think time",
                                 .help = "pause between reading the balance and writing it back",
                                 .min = 0, .max = 50, .def = 10, .unit = "ms", .live = true});
    lock_on_ = params_.add_bool({.key = "lock", .label = "Lock", .help = "protect read-think-write with a mutex",
                                 .live = true, .toolbar = {"LOCK: ON", "LOCK: OFF", 'L'}});
    rounds_param_ = params_.add_int({.key = "rounds", .label = "Rounds", .help = "rounds to run (round mode)",
                                     .min = 1, .max = 1000, .def = 1, .visible = round_mode});
    iterations_ = params_.add_int({.key = "iterations", .label = "Iterations",
                                   .help = "balance variant: += n / -= n pairs per thread",
                                   .min = 1, .max = 1000000, .def = 100000, .visible = balance});
    yield_ = params_.add_bool({.key = "yield", .label = "Yield mid-update",
                               .help = "balance variant: give up the CPU between reading and writing, as an "
                                       "interpreter may switch threads there; off leaves only the few nanoseconds "
                                       "between the two instructions",
                               .def = true, .visible = balance});
    duration_ms_ = params_.add_int({.key = "duration-ms", .label = "Duration",
                                    .help = "continuous mode on the command line: how long to run",
                                    .min = 100, .max = 600000, .def = 3000, .unit = "ms", .in_ui = false,
                                    .visible = [this] { return mode_() == Mode::Continuous; }});
    barrier_ = params_.add_bool({.key = "barrier", .label = "Start barrier",
                                 .help = "every donor reads before anyone writes (round mode, lock off): the race "
                                         "becomes certain",
                                 .visible = round_mode});
    granularity_ = params_.add_choice<Granularity>(
        {.key = "granularity", .label = "Step size",
         .help = "balance variant under a step, seeded or replayed schedule: machine: balance += n is three steps "
                 "(load, add, store), so a switch can fall inside it; line: one step, as if nothing could",
         .choices = {"machine", "line"}, .visible = balance});
}

DonationDemo::~DonationDemo() { stop(); }

std::string DonationDemo::title() const {
    return balance_variant() ? "The balance race" : std::string(kTitle);
}

std::vector<StateStyle> DonationDemo::state_styles() const {
    return {{ThreadState::Sleeping, "thinking", StateTone::Sleeping}};
}

Nanos DonationDemo::run_limit() const { return continuous() ? Demo::run_limit() : 0; }

// [SECTION] Actors

void DonationDemo::on_start(Runtime& rt) {
    balance_variant_run_ = balance_variant();
    {
        std::lock_guard lk(results_mutex_);
        run_first_round_ = rounds_.size();
    }
    initial_ = balance_variant_run_ ? 0 : initial_param_();
    amount_ = amount_param_();
    balance_.reset(initial_);
    clear_locals();
    run_round_count_ = continuous() ? 0 : static_cast<std::size_t>(rounds_param_());
    gifts_.store(0, std::memory_order_relaxed);
    round_lost_base_.store(balance_.lost_updates(), std::memory_order_relaxed); // the count runs on across runs
    samples_.clear();
    last_sample_ = 0;
    lock_.set_enabled(lock_on_());
    round_lock_.store(lock_.enabled(), std::memory_order_relaxed);
    lock_changes_.push_back({rt.now(), lock_.enabled()});

    const int rounds = continuous() ? -1 : static_cast<int>(rounds_param_());
    const int actors = balance_variant_run_ ? 2 : static_cast<int>(donors_());
    round_barrier_ = std::make_unique<ActorBarrier>(actors, [this] { finish_round(); }, kRoundBarrier);
    read_barrier_ = std::make_unique<ActorBarrier>(actors, nullptr, kReadBarrier);
    start_gate_ = std::make_unique<ActorBarrier>(actors, nullptr, kStartGate);

    if (balance_variant_run_) {
        rt.spawn({"Thread +{1}/-{1}", 5}, [this, rounds](Actor& a) { balance_body(a, 5, rounds); });
        rt.spawn({"Thread +{1}/-{1}", 8}, [this, rounds](Actor& a) { balance_body(a, 8, rounds); });
        return;
    }
    for (int i = 0; i < actors; ++i)
        rt.spawn({"Donor {1}", i + 1}, [this, rounds](Actor& a) { donor_body(a, rounds); });
}

void DonationDemo::give(Actor& a, std::int64_t amount, bool barrier_round) {
    const Nanos think = ms_to_ns(static_cast<double>(think_ms_()));
    if (barrier_round) {
        // Lock off by construction: read, wait until everyone has read, then write.
        auto seen = balance_.read(a);
        set_local(a, seen.value);
        read_barrier_->arrive_and_wait(a);
        a.sleep(think, ThreadState::Sleeping, kBalanceId);
        balance_.write(a, seen, seen.value + amount);
    } else {
        auto section = lock_.section(a);
        auto seen = balance_.read(a);
        set_local(a, seen.value);
        a.sleep(think, section.locked() ? ThreadState::HoldLock : ThreadState::Sleeping, kBalanceId);
        balance_.write(a, seen, seen.value + amount);
    }
    gifts_.fetch_add(1, std::memory_order_relaxed);
    a.point(ThreadState::Running);
}

void DonationDemo::donor_body(Actor& a, int rounds) {
    // Every donor is created before any begins, as in the tutorial where all start together;
    // otherwise a slow machine could finish early donors before the last thread exists. (A
    // controlled scheduler starts nobody before everyone exists.)
    if (!a.controlled()) start_gate_->arrive_and_wait(a);
    for (int r = 0; rounds < 0 || r < rounds; ++r) {
        const bool barrier_round = rounds > 0 && barrier_() && !round_lock_.load(std::memory_order_relaxed);
        give(a, amount_, barrier_round);
        if (rounds < 0) {
            a.sleep(ms_to_ns(1), ThreadState::Running); // walking back from the donation box
        } else {
            a.point(ThreadState::Idle); // done for this round: waiting for the others is not work
            round_barrier_->arrive_and_wait(a);
            a.point(ThreadState::Running);
        }
    }
}

void DonationDemo::balance_body(Actor& a, std::int64_t n, int rounds) {
    const std::int64_t iterations = iterations_();
    const bool yield = yield_();
    for (int r = 0; rounds < 0 || r < rounds; ++r) {
        // Both threads begin together: otherwise the first may finish before the second starts.
        read_barrier_->arrive_and_wait(a);
        for (std::int64_t i = 0; i < iterations; ++i) {
            // With a yield each iteration, 1024 of them can take a second on a loaded machine.
            if (yield || (i & 1023) == 0) a.check_stop();
            auto section = lock_.section(a);
            if (a.controlled()) {
                update_controlled(a, n);
                update_controlled(a, -n);
                continue;
            }
            auto seen = balance_.read(a);
            if (yield) std::this_thread::yield(); // only here: a regular rhythm would cancel out
            balance_.write(a, seen, seen.value + n);
            seen = balance_.read(a);
            balance_.write(a, seen, seen.value - n);
        }
        if (rounds > 0) round_barrier_->arrive_and_wait(a);
    }
}

// balance += n under a controlled scheduler: one step (line) or load / add / store (machine).
void DonationDemo::update_controlled(Actor& a, std::int64_t n) {
    if (a.index() < kMaxLocals) locals_[static_cast<std::size_t>(a.index())].minus.store(n < 0, std::memory_order_relaxed);
    if (granularity_() == Granularity::Line) {
        balance_.add(a, n);
        return;
    }
    const auto seen = balance_.read(a);
    set_local(a, seen.value); // tmp = balance
    const std::int64_t sum = seen.value + n;
    a.step({OpKind::Compute, Resource::None, kBalanceId, sum});
    set_local(a, sum); // tmp = tmp + n
    balance_.write(a, seen, sum);
}

void DonationDemo::finish_round() {
    Round r;
    const std::int64_t donors = static_cast<std::int64_t>(donors_());
    r.expected = balance_variant_run_ ? initial_ : initial_ + donors * amount_;
    r.actual = balance_.value();
    r.lost_updates = balance_.lost_updates() - round_lost_base_.load(std::memory_order_relaxed);
    r.lock = round_lock_.load(std::memory_order_relaxed);
    {
        std::lock_guard lk(results_mutex_);
        rounds_.push_back(r);
    }
    // Next round starts from the same balance with the switch as it is now.
    round_lost_base_.store(balance_.lost_updates(), std::memory_order_relaxed);
    gifts_.store(0, std::memory_order_relaxed);
    balance_.reset(initial_);
    round_lock_.store(lock_.enabled(), std::memory_order_relaxed);
}

// [SECTION] Live state

void DonationDemo::on_param_changed(std::string_view key) {
    if (key != lock_on_.key()) return;
    lock_.set_enabled(lock_on_());
    if (running()) lock_changes_.push_back({clock(), lock_.enabled()});
}

std::int64_t DonationDemo::expected_now() const {
    if (balance_variant_run_) return initial_;
    return initial_ + amount_ * gifts_.load(std::memory_order_relaxed);
}

void DonationDemo::on_poll(Nanos now) {
    // Every 10 ms, less often as the run grows: the plot keeps the whole run in a bounded series.
    const Nanos every = series_interval(ms_to_ns(10), samples_.empty() ? 0 : now - samples_.front().t);
    if (!running() || now - last_sample_ < every) return;
    last_sample_ = now;
    if (samples_.size() >= kMaxSeriesPoints) halve_series(samples_);
    samples_.push_back({now, expected_now(), actual_now(), lost_updates_now()});
}

void DonationDemo::on_stopped() {
    if (!lock_changes_.empty()) lock_changes_.push_back({clock(), lock_.enabled()});
}

void DonationDemo::on_reset() {
    std::lock_guard lk(results_mutex_);
    rounds_.clear();
    run_first_round_ = 0;
    samples_.clear();
    lock_changes_.clear();
    gifts_.store(0, std::memory_order_relaxed);
    balance_.reset(0);
    clear_locals();
    run_round_count_ = 0;
    round_lost_base_.store(0, std::memory_order_relaxed);
    initial_ = amount_ = 0;
}

std::vector<DonationDemo::Round> DonationDemo::rounds() const {
    std::lock_guard lk(results_mutex_);
    return rounds_;
}

// [SECTION] Results

std::vector<DonationDemo::Round> DonationDemo::run_rounds() const {
    std::lock_guard lk(results_mutex_);
    return {rounds_.begin() + static_cast<std::ptrdiff_t>(std::min(run_first_round_, rounds_.size())), rounds_.end()};
}

Json DonationDemo::outcome() const {
    const auto rs = run_rounds();
    if (continuous() || rs.empty()) return actual_now();
    if (rs.size() == 1) return rs.front().actual;
    Json all = Json::array();
    for (const Round& r : rs) all.push_back(r.actual);
    return all;
}

std::vector<std::string> DonationDemo::failures() const {
    std::uint64_t lost = 0;
    for (const Round& r : run_rounds()) lost += r.lost_updates;
    if (continuous()) lost += lost_updates_now();
    if (lost > 0) return {"lost_update"};
    return {};
}

std::uint64_t DonationDemo::state_fingerprint() const {
    return (static_cast<std::uint64_t>(balance_.value()) * 1000003u) ^ static_cast<std::uint64_t>(gifts_.load(std::memory_order_relaxed)) ^
           (static_cast<std::uint64_t>(lock_.owner() + 1) << 56);
}

DonationDemo::Shown DonationDemo::shown() const {
    if (!continuous() && !running()) {
        const auto rs = rounds();
        if (!rs.empty()) return {rs.back().expected, rs.back().actual, rs.back().lost_updates};
    }
    return {expected_now(), actual_now(), lost_updates_now()};
}

std::vector<Metric> DonationDemo::metrics() const {
    const Shown s = shown();
    const std::int64_t expected = s.expected, actual = s.actual;
    const std::uint64_t lost = s.lost_updates;
    std::vector<Metric> ms = {
        {"expected", "Expected balance", static_cast<double>(expected)},
        {"actual", "Actual balance", static_cast<double>(actual)},
        {"lost_updates", "Lost updates", static_cast<double>(lost)},
        {"lost_money", "Lost money", static_cast<double>(expected - actual)},
    };
    if (!continuous()) ms.push_back({"rounds", "Rounds finished", static_cast<double>(rounds().size())});
    return ms;
}

void DonationDemo::write_result(Json& j) const {
    j["variant"] = variant_.spec().choices[static_cast<std::size_t>(variant_())];
    j["lock"] = lock_on_();
    for (const Metric& m : metrics())
        if (m.key != "rounds") j[m.key] = static_cast<std::int64_t>(m.value);
    Json rounds = Json::array();
    for (const Round& r : this->rounds())
        rounds.push_back({{"expected", r.expected},
                          {"actual", r.actual},
                          {"lost_updates", r.lost_updates},
                          {"lost_money", r.lost_money()},
                          {"lock", r.lock}});
    j["rounds"] = std::move(rounds);
}

} // namespace tl
