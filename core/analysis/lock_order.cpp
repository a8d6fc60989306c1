#include "core/analysis/lock_order.hpp"

#include <algorithm>

namespace tl {

void LockOrderGraph::on_event(const Event& e) {
    if (e.kind != EventKind::Sync) return;
    auto& held = held_[e.lane];
    const SyncOp op = sync_op(e);
    const bool holding = std::find(held.begin(), held.end(), e.object) != held.end();
    if ((op == SyncOp::WaitBegin || op == SyncOp::Acquired) && !holding) {
        // An attempt counts: a hang happens at the wait, before any acquire.
        for (std::uint32_t h : held) add_edge(h, e.object, e.lane, e.ts);
    }
    if (op == SyncOp::Acquired && !holding) held.push_back(e.object);
    if (op == SyncOp::Released && e.value == 0) held.erase(std::remove(held.begin(), held.end(), e.object), held.end());
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

void LockOrderGraph::add_edge(std::uint32_t from, std::uint32_t to, std::uint16_t lane, Nanos ts) {
    if (from == to || edges_.count({from, to})) return;
    const LockOrderEdge edge{from, to, lane, ts};
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
