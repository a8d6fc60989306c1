#include "core/analysis/deadlock_monitor.hpp"

#include <algorithm>

namespace tl {

std::vector<std::uint64_t> DeadlockMonitor::generations_of(const WaitCycle& c) const {
    std::vector<std::uint64_t> g;
    g.reserve(c.lanes.size());
    for (auto lane : c.lanes) g.push_back(graph_.generation(lane));
    return g;
}

Nanos DeadlockMonitor::formed_at(const WaitCycle& c) const {
    Nanos t = 0;
    for (std::size_t i = 0; i < c.lanes.size(); ++i) {
        t = std::max(t, graph_.waiting_since(c.lanes[i]));
        t = std::max(t, graph_.held_since(c.locks[i]));
    }
    return t;
}

void DeadlockMonitor::update(Nanos now) {
    std::vector<Candidate> next;
    for (WaitCycle& c : graph_.find_cycles()) {
        auto gens = generations_of(c);
        auto old = std::find_if(candidates_.begin(), candidates_.end(), [&](const Candidate& k) {
            return k.cycle == c && k.generations == gens;
        });
        if (old != candidates_.end()) {
            next.push_back(std::move(*old));
            continue;
        }
        next.push_back({std::move(c), std::move(gens), now, false});
    }
    // Confirmed cycles that are gone (a member moved: broken, or stopped) are resolved.
    for (const Candidate& k : candidates_) {
        if (!k.confirmed) continue;
        const bool still = std::any_of(next.begin(), next.end(), [&](const Candidate& n) { return n.cycle == k.cycle && n.confirmed; });
        if (still) continue;
        for (Deadlock& d : history_)
            if (d.cycle == k.cycle && d.resolved == 0) d.resolved = now;
    }
    candidates_ = std::move(next);
    current_.clear();
    for (Candidate& k : candidates_) {
        // Persisted: seen at an earlier update with nobody moving since, or every member has
        // already been waiting for kConfirm according to the events themselves.
        if (!k.confirmed && (now - k.first_seen >= kConfirm || now - formed_at(k.cycle) >= kConfirm)) {
            k.confirmed = true;
            history_.push_back({k.cycle, formed_at(k.cycle), now, 0});
        }
        if (k.confirmed)
            for (const Deadlock& d : history_)
                if (d.cycle == k.cycle && d.resolved == 0) current_.push_back(d);
    }
}

void DeadlockMonitor::detected_earlier(std::size_t k, Nanos t) {
    if (k >= history_.size() || t >= history_[k].detected) return;
    Deadlock& d = history_[k];
    for (Deadlock& c : current_)
        if (c.cycle == d.cycle && c.detected == d.detected) c.detected = t;
    d.detected = std::max(t, d.formed);
}

void DeadlockMonitor::clear() {
    graph_.clear();
    candidates_.clear();
    current_.clear();
    history_.clear();
}

} // namespace tl
