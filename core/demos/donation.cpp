#include "core/demos/donation.hpp"

#include <algorithm>
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
    yield_ = params_.add_bool({.key = "yield", .label = "Switch mid-update",
                               .help = "balance variant: now and then (about 200 times a round per thread) a thread "
                                       "gives up the CPU between reading and writing until the other thread has "
                                       "written, as an interpreter may switch threads there; off leaves only the few "
                                       "nanoseconds between the two instructions",
                               .def = true, .visible = balance});
    duration_ms_ = params_.add_int({.key = "duration-ms", .label = "Duration",
                                    .help = "continuous mode on the command line: how long to run",
                                    .min = 100, .max = 3600000, .def = 3000, .unit = "ms", .in_ui = false,
                                    .visible = [this] { return mode_() == Mode::Continuous; }});
    barrier_ = params_.add_bool({.key = "barrier", .label = "Start barrier",
                                 .help = "every donor reads before anyone writes (round mode, lock off): the race "
                                         "becomes certain",
                                 .visible = round_mode});
    // The tutorial's loop starts the threads one after another, and the first ones are already
    // thinking while the last are being started: that is what makes its result vary.
    start_us_ = params_.add_int({.key = "start-us", .label = "Thread start",
                                 .help = "round mode without the start barrier: donors start one after another, as "
                                         "the tutorial's loop starts them, each start taking about this long (the "
                                         "pace varies from round to round, 0.1x to 2x, as on a real machine)",
                                 .min = 0, .max = 5000, .def = 600, .unit = "us",
                                 .visible = [this] { return mode_() == Mode::Round && variant_() == Variant::Donation; }});
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
    {
        std::lock_guard lk(results_mutex_);
        next_round_lock_ = lock_.enabled();
        run_rounds_done_ = 0;
    }
    lock_changes_.clear(); // flips of earlier runs (and after their end) are theirs
    lock_changes_.push_back({.t = rt.now(), .on = lock_.enabled(), .kind = LockChange::Kind::RunStart});
    live_run_ = rt.scheduler() == nullptr;

    const int rounds = continuous() ? -1 : static_cast<int>(rounds_param_());
    const int actors = balance_variant_run_ ? 2 : static_cast<int>(donors_());
    reset_switchers();
    round_barrier_ = std::make_unique<ActorBarrier>(actors, [this] { finish_round(); }, kRoundBarrier);
    read_barrier_ = std::make_unique<ActorBarrier>(actors, nullptr, kReadBarrier);
    start_gate_ = std::make_unique<ActorBarrier>(actors, nullptr, kStartGate);
    start_offsets_.assign(static_cast<std::size_t>(actors), 0);
    plan_starts(staggered_next_round());

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
    // Every donor thread exists before the first begins (creating fifty threads can take longer
    // than a donor thinks; the controlled scheduler starts nobody before everyone exists either).
    // Then, without the barrier, each round starts them one after another as the tutorial's loop
    // does: start_offsets_. Waiting to be started is not running: drawn as nothing.
    if (!a.controlled()) {
        a.point(ThreadState::Idle);
        start_gate_->arrive_and_wait(a);
    }
    for (int r = 0; rounds < 0 || r < rounds; ++r) {
        const bool barrier_round = rounds > 0 && barrier_() && !round_lock_.load(std::memory_order_relaxed);
        const auto me = static_cast<std::size_t>(a.index());
        if (!a.controlled() && me < start_offsets_.size() && start_offsets_[me] > 0)
            a.sleep(start_offsets_[me], ThreadState::Idle);
        give(a, amount_, barrier_round);
        if (rounds < 0) {
            a.sleep(ms_to_ns(1), ThreadState::Running); // walking back from the donation box
        } else {
            a.point(ThreadState::Idle); // done for this round: waiting for the others is not work
            round_barrier_->arrive_and_wait(a);
            // Live, the next round's start is not work either (its first operation records
            // what it does); a spec of "running" here would be drawn over the wait.
            if (a.controlled()) a.point(ThreadState::Running);
        }
    }
}

void DonationDemo::balance_body(Actor& a, std::int64_t n, int rounds) {
    const std::int64_t iterations = iterations_();
    const bool switches = yield_();
    const int me = a.index() & 1;
    Switcher& sw = switchers_[static_cast<std::size_t>(me)];
    std::minstd_rand rng(std::random_device{}());
    // Windows (half-updates) between two switches: uniform around 2 * iterations / kSwitchesPerRound.
    const auto mean_gap = std::max<std::int64_t>(1, 2 * iterations / kSwitchesPerRound);
    std::uniform_int_distribution<std::int64_t> gap(1, 2 * mean_gap - 1);
    std::int64_t next_switch = gap(rng);
    bool out = false; // switched out in this update
    auto update = [&](std::int64_t delta, bool locked) {
        out = false;
        const auto seen = balance_.read(a);
        if (switches && --next_switch == 0) {
            next_switch = gap(rng);
            // Under the lock the other thread cannot write (it waits for the lock): no switch.
            out = !locked && switch_out(a, me, rng() & 1);
        }
        balance_.write(a, seen, seen.value + delta);
        (delta > 0 ? sw.plus_writes : sw.minus_writes).fetch_add(1, std::memory_order_release);
        if (out) switch_back_in(a, me);
        else if (switches) hand_back(a, me);
    };
    for (int r = 0; rounds < 0 || r < rounds; ++r) {
        // Both threads begin together: otherwise the first may finish before the second starts.
        read_barrier_->arrive_and_wait(a);
        sw.done.store(false, std::memory_order_release);
        for (std::int64_t i = 0; i < iterations; ++i) {
            // With switches, 1024 iterations can take a second on a loaded machine.
            if (switches || (i & 1023) == 0) a.check_stop();
            auto section = lock_.section(a);
            if (a.controlled()) {
                update_controlled(a, n);
                update_controlled(a, -n);
                continue;
            }
            update(n, section.locked());
            update(-n, section.locked());
        }
        sw.done.store(true, std::memory_order_release); // nobody waits for this thread's writes now
        if (rounds > 0) round_barrier_->arrive_and_wait(a);
    }
}

// Switched out between reading and writing until the other thread has written with the sign
// drawn (`plus`): its write, and whatever came with it, is then overwritten by ours. Drawing the
// sign keeps the losses from cancelling: two threads left to the operating system fall into a
// rhythm in which each lost += is followed by a lost -= (or, on a busy machine, run one after
// the other and lose nothing), and the balance ends at 0 by that rhythm, not by luck.
//
// The other thread, once it has made that write, waits until this one has written (hand_back):
// left to the operating system, the switched-out thread may not get a CPU back before the other
// has finished every update, and nothing would be lost. One thread is switched out at a time.
// Every wait of this hand-over is bounded (kMaxSwitchWait): the two threads read each other's
// flags without a lock, and an unlucky order of those reads must cost a switch, never a hang.
bool DonationDemo::switch_out(Actor& a, int me, bool plus) {
    Switcher& mine = switchers_[static_cast<std::size_t>(me)];
    const Switcher& other = switchers_[static_cast<std::size_t>(1 - me)];
    const auto& writes = plus ? other.plus_writes : other.minus_writes;
    mine.want_plus.store(plus, std::memory_order_relaxed);
    mine.want_count.store(writes.load(std::memory_order_acquire) + 1, std::memory_order_relaxed);
    int free = -1;
    if (!switch_holder_.compare_exchange_strong(free, me, std::memory_order_acq_rel)) return false; // the other is out
    // A new switch ends any wait of the other thread for this one's next write (switch_back_in):
    // this thread will not write until the other has, so that wait would never end.
    switch_gen_.fetch_add(1, std::memory_order_acq_rel);
    switch_written_.store(false, std::memory_order_release);
    a.point(ThreadState::Ready, kBalanceId);
    const std::uint64_t want = mine.want_count.load(std::memory_order_relaxed);
    const auto give_up = std::chrono::steady_clock::now() + kMaxSwitchWait;
    while (writes.load(std::memory_order_acquire) < want && !other.done.load(std::memory_order_acquire) &&
           std::chrono::steady_clock::now() < give_up) {
        if (a.stop_requested()) {
            release_switch(me);
            throw ActorStopped{};
        }
        std::this_thread::yield();
    }
    a.point(ThreadState::Running);
    return true;
}

// Ends thread `holder`'s switch, once: whichever of the two gets there first.
void DonationDemo::release_switch(int holder) {
    if (switch_holder_.compare_exchange_strong(holder, -1, std::memory_order_acq_rel))
        switch_gen_.fetch_add(1, std::memory_order_acq_rel);
}

// The switched-out thread has written over the other's write: it lets the other go on and
// waits for the other's next write, which lands on this one, so what was lost stays lost
// (two threads resuming side by side would collide and, as often as not, undo it).
void DonationDemo::switch_back_in(Actor& a, int me) {
    const Switcher& other = switchers_[static_cast<std::size_t>(1 - me)];
    auto writes = [&] { return other.plus_writes.load(std::memory_order_acquire) + other.minus_writes.load(std::memory_order_acquire); };
    const std::uint64_t before = writes();
    const std::uint64_t gen = switch_gen_.load(std::memory_order_acquire);
    switch_written_.store(true, std::memory_order_release);
    // The other ends the switch with its next write (hand_back): this thread may not get a CPU
    // back soon, and the other must not be held up meanwhile.
    const auto give_up = std::chrono::steady_clock::now() + kMaxSwitchWait;
    while (switch_gen_.load(std::memory_order_acquire) == gen && writes() == before &&
           !other.done.load(std::memory_order_acquire) && std::chrono::steady_clock::now() < give_up) {
        if (a.stop_requested()) {
            release_switch(me);
            throw ActorStopped{};
        }
        std::this_thread::yield();
    }
    release_switch(me);
}

// After each write of thread `me`: when the other thread is switched out waiting for this very
// write, wait until it has written in turn (it releases the switch right after its write).
void DonationDemo::hand_back(Actor& a, int me) {
    const std::uint64_t gen = switch_gen_.load(std::memory_order_acquire);
    if (switch_holder_.load(std::memory_order_acquire) != 1 - me) return;
    const Switcher& mine = switchers_[static_cast<std::size_t>(me)];
    const Switcher& other = switchers_[static_cast<std::size_t>(1 - me)];
    const auto& writes = other.want_plus.load(std::memory_order_relaxed) ? mine.plus_writes : mine.minus_writes;
    if (writes.load(std::memory_order_relaxed) < other.want_count.load(std::memory_order_relaxed)) return;
    if (switch_written_.load(std::memory_order_acquire)) { // it has written: this was the next write
        release_switch(1 - me);
        return;
    }
    a.point(ThreadState::Ready, kBalanceId);
    const auto give_up = std::chrono::steady_clock::now() + kMaxSwitchWait;
    while (switch_gen_.load(std::memory_order_acquire) == gen && !switch_written_.load(std::memory_order_acquire) &&
           std::chrono::steady_clock::now() < give_up) {
        a.check_stop();
        std::this_thread::yield();
    }
    a.point(ThreadState::Running);
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
    bool next_lock = false;
    {
        std::lock_guard lk(results_mutex_);
        rounds_.push_back(r);
        ++run_rounds_done_;
        next_lock = next_round_lock_; // a flip during this round applies from the next
    }
    // Next round starts from the same balance with the switch as the user left it. Every actor
    // waits at the round barrier: nobody is inside a critical section.
    round_lost_base_.store(balance_.lost_updates(), std::memory_order_relaxed);
    gifts_.store(0, std::memory_order_relaxed);
    balance_.reset(initial_);
    lock_.set_enabled(next_lock);
    round_lock_.store(next_lock, std::memory_order_relaxed);
    plan_starts(staggered_next_round());
    reset_switchers(); // both threads wait at the barrier
}

void DonationDemo::reset_switchers() {
    for (Switcher& s : switchers_) s.done.store(false, std::memory_order_relaxed);
    switch_holder_.store(-1, std::memory_order_relaxed);
    switch_written_.store(false, std::memory_order_relaxed);
}

bool DonationDemo::staggered_next_round() const {
    const bool barrier_round = barrier_() && !round_lock_.load(std::memory_order_relaxed);
    return live_run_ && !balance_variant_run_ && run_round_count_ > 0 && !barrier_round;
}

void DonationDemo::plan_starts(bool staggered) {
    std::fill(start_offsets_.begin(), start_offsets_.end(), 0);
    if (!staggered) return;
    // One start after another: the round's pace (how fast this machine starts threads right
    // now) and a little jitter per start.
    std::uniform_real_distribution<double> pace(0.1, 2.0), jitter(0.75, 1.25);
    const double per_start = static_cast<double>(start_us_()) * 1000.0 * pace(pace_rng_);
    Nanos t = 0;
    for (Nanos& at : start_offsets_) {
        at = t;
        t += static_cast<Nanos>(per_start * jitter(pace_rng_));
    }
}

// [SECTION] Live state

void DonationDemo::on_param_changed(std::string_view key) {
    if (key != lock_on_.key() && !key.empty()) return; // "": every parameter back to its default
    const bool on = lock_on_();
    if (!running()) {
        // After a run: the switch is for the next run; the result stays what it was.
        const bool changed = lock_changes_.empty() ? on != lock_.enabled() : on != lock_changes_.back().on;
        lock_.set_enabled(on);
        if (started() && !lock_changes_.empty() && changed)
            lock_changes_.push_back({.t = clock(), .on = on, .kind = LockChange::Kind::AfterEnd});
        return;
    }
    if (continuous()) {
        if (on == lock_.enabled()) return;
        // At once: sections already under way finish as they began.
        lock_changes_.push_back({.t = clock(), .on = on, .kind = LockChange::Kind::Flip, .round = 0,
                                 .lost_money_before = expected_now() - actual_now(),
                                 .lost_updates_before = lost_updates_now()});
        lock_.set_enabled(on);
        return;
    }
    // Round mode: a round runs with one setting; the flip applies from the next round.
    int round = 0;
    {
        std::lock_guard lk(results_mutex_);
        if (on == next_round_lock_) return;
        next_round_lock_ = on;
        round = run_rounds_done_ + 1;
    }
    lock_changes_.push_back({.t = clock(), .on = on, .kind = LockChange::Kind::Flip, .round = round});
}

std::optional<DonationDemo::LockChange> DonationDemo::last_flip() const {
    for (auto it = lock_changes_.rbegin(); it != lock_changes_.rend(); ++it)
        if (it->is_flip()) return *it;
    return std::nullopt;
}

std::optional<DonationDemo::SinceFlip> DonationDemo::since_last_flip() const {
    const auto f = last_flip();
    if (!f || !flip_applies_this_run(*f)) return std::nullopt;
    SinceFlip s;
    s.on = f->on;
    if (f->round == 0) { // continuous
        s.lost_money = expected_now() - actual_now() - f->lost_money_before;
        s.lost_updates = lost_updates_now() - f->lost_updates_before;
        return s;
    }
    s.from_round = f->round + 1;
    const auto rs = run_rounds();
    for (std::size_t i = static_cast<std::size_t>(f->round); i < rs.size(); ++i) {
        ++s.rounds_finished;
        s.lost_money += rs[i].lost_money();
        s.lost_updates += rs[i].lost_updates;
    }
    return s;
}

std::int64_t DonationDemo::expected_now() const {
    if (balance_variant_run_) return initial_;
    return initial_ + amount_ * gifts_.load(std::memory_order_relaxed);
}

void DonationDemo::on_poll(Nanos now) {
    if (!running()) note_run_end();
    // Every 10 ms, less often as the run grows: the plot keeps the whole run in a bounded series.
    const Nanos every = series_interval(ms_to_ns(10), samples_.empty() ? 0 : now - samples_.front().t);
    if (!running() || now - last_sample_ < every) return;
    last_sample_ = now;
    if (samples_.size() >= kMaxSeriesPoints) halve_series(samples_);
    samples_.push_back({now, expected_now(), actual_now(), lost_updates_now()});
}

void DonationDemo::on_stopped() { note_run_end(); }

void DonationDemo::note_run_end() {
    if (lock_changes_.empty()) return; // no run since the last reset
    for (const LockChange& c : lock_changes_)
        if (c.kind == LockChange::Kind::RunEnd) return;
    const Nanos end = clock();
    lock_changes_.push_back({.t = end, .on = lock_.enabled(), .kind = LockChange::Kind::RunEnd});
    // The series ends at the final values, however short the run was: a seeded run can finish
    // before the first 10 ms sample, and the plot and the exported counters would have nothing.
    if (samples_.empty() || samples_.back().t < end) {
        if (samples_.size() >= kMaxSeriesPoints) halve_series(samples_);
        samples_.push_back({end, expected_now(), actual_now(), lost_updates_now()});
    }
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
    run_rounds_done_ = 0;
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
