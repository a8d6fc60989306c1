// A saved donation run (core/demo/run_file.hpp): the rounds, the plot's samples, the lock
// switch's history and the live values the cards show. None of these come from trace events
// (actors append rounds, the poll samples the counter), so they are saved as they are.
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
    for (const Json& r : j.at("rounds")) rounds.push_back({r.at(0).get<std::int64_t>(), r.at(1).get<std::int64_t>(), r.at(2).get<std::uint64_t>(), r.at(3).get<bool>()});
    const auto first = j.at("run_first_round").get<std::size_t>();
    if (first > rounds.size()) {
        if (error) *error = "run_first_round is past the rounds";
        return false;
    }
    std::vector<Sample> samples;
    for (const Json& s : j.at("samples"))
        samples.push_back({s.at(0).get<Nanos>(), s.at(1).get<std::int64_t>(), s.at(2).get<std::int64_t>(), s.at(3).get<std::uint64_t>()});
    std::vector<LockChange> changes;
    for (const Json& c : j.at("lock_changes")) {
        const int kind = c.at(2).get<int>();
        if (kind < 0 || kind > static_cast<int>(LockChange::Kind::AfterEnd)) {
            if (error) *error = "a lock change of no known kind";
            return false;
        }
        changes.push_back({c.at(0).get<Nanos>(), c.at(1).get<bool>(), static_cast<LockChange::Kind>(kind), c.at(3).get<int>(),
                           c.at(4).get<std::int64_t>(), c.at(5).get<std::uint64_t>()});
    }
    const Json& locals = j.at("locals");
    if (locals.size() > locals_.size()) {
        if (error) *error = "more threads than donors";
        return false;
    }
    std::lock_guard lk(results_mutex_);
    rounds_ = std::move(rounds);
    run_first_round_ = first;
    run_round_count_ = j.at("run_round_count").get<std::size_t>();
    run_rounds_done_ = j.at("run_rounds_done").get<int>();
    next_round_lock_ = j.at("next_round_lock").get<bool>();
    live_run_ = j.at("live_run").get<bool>();
    samples_ = std::move(samples);
    last_sample_ = samples_.empty() ? 0 : samples_.back().t;
    lock_changes_ = std::move(changes);
    start_offsets_ = j.at("start_offsets").get<std::vector<Nanos>>();
    gifts_.store(j.at("gifts").get<std::int64_t>(), std::memory_order_relaxed);
    balance_.reset(j.at("balance").get<std::int64_t>());
    // lost_updates_now() is the counter's total minus this base, and the counter only grows.
    round_lost_base_.store(balance_.lost_updates() - j.at("lost_updates").get<std::uint64_t>(), std::memory_order_relaxed);
    initial_ = j.at("initial").get<std::int64_t>();
    amount_ = j.at("amount").get<std::int64_t>();
    balance_variant_run_ = j.at("balance_variant_run").get<bool>();
    for (std::size_t i = 0; i < locals.size(); ++i) {
        locals_[i].value.store(locals[i].at(0).get<std::int64_t>(), std::memory_order_relaxed);
        locals_[i].known.store(locals[i].at(1).get<bool>(), std::memory_order_relaxed);
        locals_[i].minus.store(locals[i].at(2).get<bool>(), std::memory_order_relaxed);
    }
    return true;
}

} // namespace tl
