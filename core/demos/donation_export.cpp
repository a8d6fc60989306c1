// The donation race taken out of the window: English object names for the trace, the balance
// and the lock switch as counters, and the CSV's rows (a row per round; continuous mode: a row
// per plotted sample).
#include "core/demos/donation.hpp"

#include <algorithm>

namespace tl {

std::string DonationDemo::object_english(ThreadState state, std::uint32_t object) const {
    if (object == kLockId && (state == ThreadState::WaitLock || state == ThreadState::HoldLock)) return "the balance lock";
    if (object == kBalanceId && state == ThreadState::Sleeping) return "between reading and writing the balance";
    return {};
}

namespace {

// This run's lock switch changes: from the one made at its start (the last at or before its
// first event; earlier runs' come before it) on.
std::vector<DonationDemo::LockChange> run_lock_changes(const std::vector<DonationDemo::LockChange>& all, const Timeline& tl) {
    if (all.empty() || tl.empty()) return all;
    std::size_t first = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].t <= tl.first_ts()) first = i;
    return {all.begin() + static_cast<std::ptrdiff_t>(first), all.end()};
}

} // namespace

std::vector<CounterTrack> DonationDemo::counter_tracks() const {
    CounterTrack balance{"balance", {"expected", "actual"}, {}};
    CounterTrack lost{"lost money", {"lost"}, {}};
    for (const Sample& s : samples_) {
        balance.samples.push_back({s.t, {static_cast<double>(s.expected), static_cast<double>(s.actual)}});
        lost.samples.push_back({s.t, {static_cast<double>(s.expected - s.actual)}});
    }
    CounterTrack lock{"lock", {"on"}, {}};
    for (const LockChange& c : run_lock_changes(lock_changes_, timeline())) lock.samples.push_back({c.t, {c.on ? 1.0 : 0.0}});
    return {balance, lost, lock};
}

DataTable DonationDemo::data_table() const {
    if (!continuous()) {
        DataTable t{{"round", "expected", "actual", "lost_updates", "lost_money", "lock"}, {}};
        int n = 0;
        for (const Round& r : rounds())
            t.add({csv_number(++n), csv_number(r.expected), csv_number(r.actual), csv_number(r.lost_updates),
                   csv_number(r.lost_money()), r.lock ? "on" : "off"});
        return t;
    }
    DataTable t{{"t_ms", "expected", "actual", "lost_updates", "lost_money", "lock"}, {}};
    if (samples_.empty()) return t;
    const Nanos origin = timeline().empty() ? samples_.front().t : std::min(timeline().first_ts(), samples_.front().t);
    const auto changes = run_lock_changes(lock_changes_, timeline());
    std::size_t c = 0;
    bool on = lock_on();
    if (!changes.empty()) on = changes.front().on;
    for (const Sample& s : samples_) {
        while (c < changes.size() && changes[c].t <= s.t) on = changes[c++].on;
        t.add({csv_number(ns_to_ms(s.t - origin)), csv_number(s.expected), csv_number(s.actual), csv_number(s.lost_updates),
               csv_number(s.expected - s.actual), on ? "on" : "off"});
    }
    return t;
}

} // namespace tl
