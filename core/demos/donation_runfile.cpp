// A saved donation run (core/demo/run_file.hpp): the rounds, the plot's samples, the lock
// switch's history and the live values the cards show. None of these come from trace events
// (actors append rounds, the poll samples the counter), so they are saved as they are.
#include "core/demo/saved_state.hpp"
#include "core/demos/donation.hpp"

namespace tl {

Json DonationDemo::save_state() const {
    std::lock_guard lk(results_mutex_);
    Json rounds = Json::array(), samples = Json::array(), changes = Json::array(), locals = Json::array();
    for (const Round& r : rounds_) rounds.push_back({r.expected, r.actual, r.lost_updates, r.lock});
    for (const Sample& s : samples_) samples.push_back({s.t, s.expected, s.actual, s.lost_updates});
    for (const LockChange& c : lock_changes_)
        changes.push_back({c.t, c.on, static_cast<int>(c.kind), c.round, c.lost_money_before, c.lost_updates_before});
    for (const Local& l : locals_)
        locals.push_back({l.value.load(std::memory_order_relaxed), l.known.load(std::memory_order_relaxed),
                          l.minus.load(std::memory_order_relaxed)});
    while (!locals.empty() && locals.back() == Json{0, false, false}) locals.erase(locals.end() - 1);
    return {{"rounds", std::move(rounds)},
            {"run_first_round", run_first_round_},
            {"run_round_count", run_round_count_},
            {"run_rounds_done", run_rounds_done_},
            {"next_round_lock", next_round_lock_},
            {"live_run", live_run_},
            {"samples", std::move(samples)},
            {"lock_changes", std::move(changes)},
            {"start_offsets", start_offsets_},
            {"gifts", gifts_.load(std::memory_order_relaxed)},
            {"balance", balance_.value()},
            {"lost_updates", lost_updates_now()},
            {"initial", initial_},
            {"amount", amount_},
            {"balance_variant_run", balance_variant_run_},
            {"locals", std::move(locals)}};
}

bool DonationDemo::load_state(const Json& j, std::string* error) {
    // Wrong types throw Json::exception, which run_file turns into a message naming the file.
    std::vector<Round> rounds;
    for (const Json& r : j.at("rounds")) rounds.push_back({state_int<std::int64_t>(r.at(0)), state_int<std::int64_t>(r.at(1)), state_int<std::uint64_t>(r.at(2)), r.at(3).get<bool>()});
    const auto first = state_int<std::size_t>(j.at("run_first_round"));
    if (first > rounds.size()) {
        if (error) *error = "run_first_round is past the rounds";
        return false;
    }
    std::vector<Sample> samples;
    for (const Json& s : j.at("samples"))
        samples.push_back({state_int<Nanos>(s.at(0)), state_int<std::int64_t>(s.at(1)), state_int<std::int64_t>(s.at(2)), state_int<std::uint64_t>(s.at(3))});
    std::vector<LockChange> changes;
    for (const Json& c : j.at("lock_changes")) {
        const int kind = state_int<int>(c.at(2));
        if (kind < 0 || kind > static_cast<int>(LockChange::Kind::AfterEnd)) {
            if (error) *error = "a lock change of no known kind";
            return false;
        }
        changes.push_back({state_int<Nanos>(c.at(0)), c.at(1).get<bool>(), static_cast<LockChange::Kind>(kind), state_int<int>(c.at(3)),
                           state_int<std::int64_t>(c.at(4)), state_int<std::uint64_t>(c.at(5))});
    }
    const Json& locals = j.at("locals");
    if (locals.size() > locals_.size()) {
        if (error) *error = "more threads than donors";
        return false;
    }
    std::lock_guard lk(results_mutex_);
    rounds_ = std::move(rounds);
    run_first_round_ = first;
    run_round_count_ = state_int<std::size_t>(j.at("run_round_count"));
    run_rounds_done_ = state_int<int>(j.at("run_rounds_done"));
    next_round_lock_ = j.at("next_round_lock").get<bool>();
    live_run_ = j.at("live_run").get<bool>();
    samples_ = std::move(samples);
    last_sample_ = samples_.empty() ? 0 : samples_.back().t;
    lock_changes_ = std::move(changes);
    start_offsets_ = j.at("start_offsets").get<std::vector<Nanos>>();
    gifts_.store(state_int<std::int64_t>(j.at("gifts")), std::memory_order_relaxed);
    balance_.reset(state_int<std::int64_t>(j.at("balance")));
    // lost_updates_now() is the counter's total minus this base, and the counter only grows.
    round_lost_base_.store(balance_.lost_updates() - state_int<std::uint64_t>(j.at("lost_updates")), std::memory_order_relaxed);
    initial_ = state_int<std::int64_t>(j.at("initial"));
    amount_ = state_int<std::int64_t>(j.at("amount"));
    balance_variant_run_ = j.at("balance_variant_run").get<bool>();
    for (std::size_t i = 0; i < locals.size(); ++i) {
        locals_[i].value.store(state_int<std::int64_t>(locals[i].at(0)), std::memory_order_relaxed);
        locals_[i].known.store(locals[i].at(1).get<bool>(), std::memory_order_relaxed);
        locals_[i].minus.store(locals[i].at(2).get<bool>(), std::memory_order_relaxed);
    }
    return true;
}

} // namespace tl
