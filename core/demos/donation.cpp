#include "core/demos/donation.hpp"

#include <thread>

namespace tl {

// [SECTION] Parameters

DonationDemo::DonationDemo() {
    params_.add({"variant", "Variant", "donation: donors give to one balance; balance: two threads add and take back n",
                 ParamType::Choice, 0, 0, 0, {"donation", "balance"}});
    params_.add({"mode", "Mode", "round: each donor gives once per round; continuous: donors keep giving",
                 ParamType::Choice, 0, 0, 0, {"round", "continuous"}});
    params_.add({"donors", "Donors", "number of donor threads", ParamType::Int, 1, 256, 50});
    params_.add({"amount", "Amount", "what each donor gives", ParamType::Int, 1, 10000, 100});
    params_.add({"initial", "Initial balance", "the balance before anyone gives", ParamType::Int, 0, 1000000, 1000});
    params_.add({"think-ms", "Think time", "pause between reading the balance and writing it back",
                 ParamType::Int, 0, 50, 10, {}, true, "ms"});
    params_.add({"lock", "Lock", "protect read-think-write with a mutex", ParamType::Bool, 0, 1, 0, {}, true});
    params_.add({"rounds", "Rounds", "rounds to run (round mode)", ParamType::Int, 1, 1000, 1, {}, false, "", "mode=round"});
    params_.add({"iterations", "Iterations", "balance variant: += n / -= n pairs per thread", ParamType::Int, 1,
                 1000000, 100000, {}, false, "", "variant=balance"});
    params_.add({"yield", "Yield mid-update",
                 "balance variant: give up the CPU between reading and writing, as an interpreter may switch "
                 "threads there; off leaves only the few nanoseconds between the two instructions",
                 ParamType::Bool, 0, 1, 1, {}, false, "", "variant=balance"});
    params_.add({"duration-ms", "Duration", "continuous mode on the command line: how long to run",
                 ParamType::Int, 100, 600000, 3000, {}, false, "ms", "mode=continuous", false});
    params_.add({"barrier", "Start barrier",
                 "every donor reads before anyone writes (round mode, lock off): the race becomes certain",
                 ParamType::Bool, 0, 1, 0, {}, false, "", "mode=round"});
}

DonationDemo::~DonationDemo() { stop(); }

std::string DonationDemo::title() const {
    return balance_variant() ? "The balance race" : "The donation race";
}

Nanos DonationDemo::run_limit() const { return continuous() ? Demo::run_limit() : 0; }

// [SECTION] Actors

void DonationDemo::on_start(Runtime& rt) {
    balance_variant_run_ = balance_variant();
    initial_ = balance_variant_run_ ? 0 : params_.get("initial");
    amount_ = params_.get("amount");
    balance_.reset(initial_);
    gifts_.store(0, std::memory_order_relaxed);
    round_lost_base_.store(0, std::memory_order_relaxed);
    samples_.clear();
    last_sample_ = 0;
    lock_.set_enabled(params_.on("lock"));
    round_lock_.store(lock_.enabled(), std::memory_order_relaxed);
    lock_changes_.push_back({now_ns(), lock_.enabled()});

    const int rounds = continuous() ? -1 : static_cast<int>(params_.get("rounds"));
    const int actors = balance_variant_run_ ? 2 : static_cast<int>(params_.get("donors"));
    round_barrier_ = std::make_unique<ActorBarrier>(actors, [this] { finish_round(); });
    read_barrier_ = std::make_unique<ActorBarrier>(actors);
    start_gate_ = std::make_unique<ActorBarrier>(actors);

    if (balance_variant_run_) {
        rt.spawn("Thread +5/-5", [this, rounds](Actor& a) { balance_body(a, 5, rounds); });
        rt.spawn("Thread +8/-8", [this, rounds](Actor& a) { balance_body(a, 8, rounds); });
        return;
    }
    for (int i = 0; i < actors; ++i)
        rt.spawn("Donor " + std::to_string(i + 1), [this, rounds](Actor& a) { donor_body(a, rounds); });
}

void DonationDemo::give(Actor& a, std::int64_t amount, bool barrier_round) {
    const Nanos think = ms_to_ns(static_cast<double>(params_.get("think-ms")));
    if (barrier_round) {
        // Lock off by construction: read, wait until everyone has read, then write.
        auto seen = balance_.read(a);
        read_barrier_->arrive_and_wait(a);
        a.sleep(think, ThreadState::Thinking, kBalanceId);
        balance_.write(a, seen, seen.value + amount);
    } else {
        auto section = lock_.section(a);
        auto seen = balance_.read(a);
        a.sleep(think, section.locked() ? ThreadState::HoldLock : ThreadState::Thinking, kBalanceId);
        balance_.write(a, seen, seen.value + amount);
    }
    gifts_.fetch_add(1, std::memory_order_relaxed);
    a.point(ThreadState::Running);
}

void DonationDemo::donor_body(Actor& a, int rounds) {
    // Every donor is created before any begins, as in the tutorial where all start together;
    // otherwise a slow machine could finish early donors before the last thread exists.
    start_gate_->arrive_and_wait(a);
    for (int r = 0; rounds < 0 || r < rounds; ++r) {
        const bool barrier_round = rounds > 0 && params_.on("barrier") && !round_lock_.load(std::memory_order_relaxed);
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
    const std::int64_t iterations = params_.get("iterations");
    const bool yield = params_.on("yield");
    for (int r = 0; rounds < 0 || r < rounds; ++r) {
        // Both threads begin together: otherwise the first may finish before the second starts.
        read_barrier_->arrive_and_wait(a);
        for (std::int64_t i = 0; i < iterations; ++i) {
            if ((i & 1023) == 0) a.check_stop();
            auto section = lock_.section(a);
            auto seen = balance_.read(a);
            if (yield) std::this_thread::yield(); // only here: a regular rhythm would cancel out
            balance_.write(a, seen, seen.value + n);
            seen = balance_.read(a);
            balance_.write(a, seen, seen.value - n);
        }
        if (rounds > 0) round_barrier_->arrive_and_wait(a);
    }
}

void DonationDemo::finish_round() {
    Round r;
    const std::int64_t donors = static_cast<std::int64_t>(params_.get("donors"));
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
    if (key != "lock") return;
    lock_.set_enabled(params_.on("lock"));
    if (running()) lock_changes_.push_back({now_ns(), lock_.enabled()});
}

std::int64_t DonationDemo::expected_now() const {
    if (balance_variant_run_) return initial_;
    return initial_ + amount_ * gifts_.load(std::memory_order_relaxed);
}

void DonationDemo::on_poll(Nanos now) {
    if (!running() || now - last_sample_ < ms_to_ns(10)) return;
    last_sample_ = now;
    samples_.push_back({now, expected_now(), actual_now(), lost_updates_now()});
}

void DonationDemo::on_stopped() {
    if (!lock_changes_.empty()) lock_changes_.push_back({now_ns(), lock_.enabled()});
}

void DonationDemo::on_reset() {
    std::lock_guard lk(results_mutex_);
    rounds_.clear();
    samples_.clear();
    lock_changes_.clear();
    gifts_.store(0, std::memory_order_relaxed);
    balance_.reset(0);
    round_lost_base_.store(0, std::memory_order_relaxed);
    initial_ = amount_ = 0;
}

std::vector<DonationDemo::Round> DonationDemo::rounds() const {
    std::lock_guard lk(results_mutex_);
    return rounds_;
}

// [SECTION] Results

std::vector<Metric> DonationDemo::metrics() const {
    const auto rs = rounds();
    std::int64_t expected = expected_now(), actual = actual_now();
    std::uint64_t lost = lost_updates_now();
    if (!continuous() && !running() && !rs.empty()) {
        expected = rs.back().expected;
        actual = rs.back().actual;
        lost = rs.back().lost_updates;
    }
    std::vector<Metric> ms = {
        {"expected", "Expected balance", static_cast<double>(expected)},
        {"actual", "Actual balance", static_cast<double>(actual)},
        {"lost_updates", "Lost updates", static_cast<double>(lost)},
        {"lost_money", "Lost money", static_cast<double>(expected - actual)},
    };
    if (!continuous()) ms.push_back({"rounds", "Rounds finished", static_cast<double>(rs.size())});
    return ms;
}

void DonationDemo::write_json(JsonWriter& j) const {
    const auto ms = metrics();
    j.begin_object();
    j.key("demo").value("donation");
    j.key("variant").value(params_.choice("variant"));
    j.key("lock").value(params_.on("lock"));
    for (const Metric& m : ms) {
        if (m.key == "rounds") continue;
        j.key(m.key).value(static_cast<std::int64_t>(m.value));
    }
    j.key("rounds").begin_array();
    for (const Round& r : rounds()) {
        j.begin_object();
        j.key("expected").value(r.expected);
        j.key("actual").value(r.actual);
        j.key("lost_updates").value(r.lost_updates);
        j.key("lost_money").value(r.lost_money());
        j.key("lock").value(r.lock);
        j.end_object();
    }
    j.end_array();
    j.key("trace_events_dropped").value(overflow());
    j.end_object();
}

} // namespace tl
