#include "core/analysis/wait_for_graph.hpp"

#include <algorithm>

namespace tl {

// [SECTION] Keeping the graph

WaitForGraph::Wait& WaitForGraph::wait(std::uint16_t lane) {
    if (lane >= lanes_.size()) lanes_.resize(lane + 1u);
    return lanes_[lane];
}

void WaitForGraph::on_event(const Event& e) {
    if (e.kind != EventKind::Sync) return;
    ++wait(e.lane).generation;
    switch (sync_op(e)) {
    case SyncOp::WaitBegin: set_waiting(e.lane, e.object, e.ts); break;
    case SyncOp::Acquired: {
        clear_waiting(e.lane);
        // Old news from a lagging lane: a lock has one holder at a time, so an acquire older
        // than another lane's current hold, or older than the lock's last full release by
        // another lane, ended before that; applying it would overwrite the real holder (and its
        // release would then free a lock still held).
        auto it = holders_.find(e.object);
        if (it != holders_.end() && it->second.lane != e.lane && e.ts < it->second.since) break;
        auto fr = freed_.find(e.object);
        if ((it == holders_.end()) && fr != freed_.end() && fr->second.lane != e.lane && e.ts < fr->second.since) break;
        set_holder(e.object, e.lane, static_cast<int>(sync_holds(e)), e.ts);
        break;
    }
    case SyncOp::Released:
        if (sync_holds(e) == 0 && holder(e.object) == e.lane) freed_[e.object] = {e.lane, 0, e.ts};
        release(e.object, e.lane, static_cast<int>(sync_holds(e)));
        break;
    case SyncOp::WaitAbandoned: clear_waiting(e.lane); break;
    }
}

void WaitForGraph::clear() {
    holders_.clear();
    freed_.clear();
    lanes_.clear();
}

void WaitForGraph::set_holder(std::uint32_t lock, std::uint16_t lane, int holds, Nanos ts) {
    Hold& h = holders_[lock];
    // A recursive re-lock keeps the time of the first hold.
    if (h.count == 0 || h.lane != lane) h.since = ts;
    h.lane = lane;
    h.count = std::max(holds, 1);
    wait(lane); // make the lane known
}

void WaitForGraph::release(std::uint32_t lock, std::uint16_t lane, int remaining) {
    auto it = holders_.find(lock);
    // Lanes are drained one after another, so the next holder's Acquired may already be in:
    // a release by anyone but the recorded holder is old news.
    if (it == holders_.end() || it->second.lane != lane) return;
    if (remaining > 0)
        it->second.count = remaining;
    else
        holders_.erase(it);
}

void WaitForGraph::set_waiting(std::uint16_t lane, std::uint32_t lock, Nanos ts) {
    Wait& w = wait(lane);
    w.lock = lock;
    w.since = ts;
}

void WaitForGraph::clear_waiting(std::uint16_t lane) {
    Wait& w = wait(lane);
    w.lock = -1;
    w.since = 0;
}

int WaitForGraph::holder(std::uint32_t lock) const {
    auto it = holders_.find(lock);
    return it == holders_.end() ? -1 : it->second.lane;
}

int WaitForGraph::holds(std::uint32_t lock) const {
    auto it = holders_.find(lock);
    return it == holders_.end() ? 0 : it->second.count;
}

Nanos WaitForGraph::held_since(std::uint32_t lock) const {
    auto it = holders_.find(lock);
    return it == holders_.end() ? 0 : it->second.since;
}

std::int64_t WaitForGraph::waiting_for(std::uint16_t lane) const { return lane < lanes_.size() ? lanes_[lane].lock : -1; }

Nanos WaitForGraph::waiting_since(std::uint16_t lane) const { return lane < lanes_.size() ? lanes_[lane].since : 0; }

std::uint64_t WaitForGraph::generation(std::uint16_t lane) const {
    return lane < lanes_.size() ? lanes_[lane].generation : 0;
}

// [SECTION] Cycles

std::vector<WaitCycle> WaitForGraph::find_cycles() const {
    // Out-degree is at most one, so walk from every lane, colouring as we go (0 unvisited,
    // 1 on the current walk, 2 done): meeting a 1 closes a new cycle.
    const std::size_t n = lanes_.size();
    std::vector<std::uint8_t> colour(n, 0);
    std::vector<WaitCycle> cycles;
    auto next = [&](std::size_t lane) -> int {
        if (lanes_[lane].lock < 0) return -1;
        const int h = holder(static_cast<std::uint32_t>(lanes_[lane].lock));
        return h >= 0 && static_cast<std::size_t>(h) < n ? h : -1;
    };
    std::vector<std::size_t> walk;
    for (std::size_t start = 0; start < n; ++start) {
        walk.clear();
        int cur = static_cast<int>(start);
        while (cur >= 0 && colour[static_cast<std::size_t>(cur)] == 0) {
            colour[static_cast<std::size_t>(cur)] = 1;
            walk.push_back(static_cast<std::size_t>(cur));
            cur = next(static_cast<std::size_t>(cur));
        }
        if (cur >= 0 && colour[static_cast<std::size_t>(cur)] == 1) {
            auto first = std::find(walk.begin(), walk.end(), static_cast<std::size_t>(cur));
            WaitCycle c;
            for (auto it = first; it != walk.end(); ++it) {
                c.lanes.push_back(static_cast<std::uint16_t>(*it));
                c.locks.push_back(static_cast<std::uint32_t>(lanes_[*it].lock));
            }
            const auto rot = std::min_element(c.lanes.begin(), c.lanes.end()) - c.lanes.begin();
            std::rotate(c.lanes.begin(), c.lanes.begin() + rot, c.lanes.end());
            std::rotate(c.locks.begin(), c.locks.begin() + rot, c.locks.end());
            cycles.push_back(std::move(c));
        }
        for (std::size_t v : walk) colour[v] = 2;
    }
    return cycles;
}

std::vector<WaitLink> WaitCycle::links() const {
    std::vector<WaitLink> out;
    out.reserve(lanes.size());
    for (std::size_t i = 0; i < lanes.size(); ++i) out.push_back(link(i));
    return out;
}

} // namespace tl
