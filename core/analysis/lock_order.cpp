#include "core/analysis/lock_order.hpp"

#include <algorithm>

namespace tl {

void LockOrderGraph::on_event(const Event& e) {
    if (e.kind != EventKind::Sync) return;
    auto& held = held_[e.lane];
    const SyncOp op = sync_op(e);
    const bool holding = std::find(held.begin(), held.end(), e.object) != held.end();
    // Only a blocking acquisition orders locks: its wait (a hang happens there, before any
    // acquire) or its completion. A try-lock never waits, so taking a lock by trying (a try-lock
    // strategy, or the second lock of an all-at-once take like std::scoped_lock's) orders nothing.
    const bool blocking = op == SyncOp::WaitBegin || (op == SyncOp::Acquired && !sync_try(e));
    if (blocking && !holding)
        for (std::uint32_t h : held) add_edge(h, e.object, e.lane, e.ts, op == SyncOp::Acquired);
    if (op == SyncOp::Acquired && !holding) held.push_back(e.object);
    if (op == SyncOp::Released && sync_holds(e) == 0) held.erase(std::remove(held.begin(), held.end(), e.object), held.end());
}

bool LockOrderGraph::path(std::uint32_t from, std::uint32_t to, std::vector<LockOrderEdge>& out,
                          std::set<std::uint32_t>& seen) const {
    if (from == to) return true;
    if (!seen.insert(from).second) return false;
    for (auto it = edges_.lower_bound({from, 0}); it != edges_.end() && it->first.first == from; ++it) {
        out.push_back(it->second);
        if (path(it->first.second, to, out, seen)) return true;
        out.pop_back();
    }
    return false;
}

void LockOrderGraph::add_edge(std::uint32_t from, std::uint32_t to, std::uint16_t lane, Nanos ts, bool obtained) {
    if (from == to) return;
    if (auto it = edges_.find({from, to}); it != edges_.end()) {
        if (obtained && !it->second.obtained) it->second = {from, to, lane, ts, true};
        return;
    }
    const LockOrderEdge edge{from, to, lane, ts, obtained};
    // Does `to` already lead back to `from`? Then this edge closes an inversion.
    std::vector<LockOrderEdge> back;
    std::set<std::uint32_t> seen;
    const bool closes = path(to, from, back, seen);
    edges_[{from, to}] = edge;
    if (!closes) return;
    LockInversion inv;
    inv.ts = ts;
    inv.edges.push_back(edge);
    inv.edges.insert(inv.edges.end(), back.begin(), back.end());
    inversions_.push_back(std::move(inv));
}

void LockOrderGraph::clear() {
    edges_.clear();
    held_.clear();
    inversions_.clear();
}

std::vector<LockOrderEdge> LockInversion::oldest_first() const {
    std::vector<LockOrderEdge> out = edges;
    if (!out.empty()) {
        const auto oldest = std::min_element(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.ts < b.ts; });
        std::rotate(out.begin(), oldest, out.end());
    }
    return out;
}

} // namespace tl
