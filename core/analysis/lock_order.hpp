// The lock-order graph: an edge A -> B whenever some lane takes B by a blocking acquisition (or
// starts waiting for it) while holding A. Try-locks (kSyncTry on the Acquired event) never wait
// and make no edge. A cycle in it (A -> B somewhere, B -> A elsewhere) is a lock-order inversion: the
// program can deadlock even if it has not yet. Like lockdep, it warns before any hang.
//
//   LockOrderGraph g;
//   g.on_event(e);                          // every drained event
//   for (const LockInversion& inv : g.inversions())
//       for (const LockOrderEdge& e : inv.oldest_first()) ...   // e.lane took e.to while holding e.from
//
// The graph hands out facts (lanes, locks), never sentences: a view words them in its language.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "core/trace/event.hpp"

namespace tl {

/// One edge: `lane` took `to` while holding `from` (first seen at ts), or, when !obtained, only
/// waited for it (a wait that never ended, a deadlock's, is an edge too).
struct LockOrderEdge {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    std::uint16_t lane = 0;
    Nanos ts = 0;
    bool obtained = true;
};

/// A cycle of edges: edges[i].to == edges[i + 1].from, the last one leading back to the first.
struct LockInversion {
    std::vector<LockOrderEdge> edges;
    Nanos ts = 0; ///< when the closing edge was first seen

    /// The edges rotated so the oldest comes first (still a cycle): read in this order they tell
    /// the story, first one order, then the opposite one.
    std::vector<LockOrderEdge> oldest_first() const;
};

class LockOrderGraph {
public:
    void on_event(const Event& e);
    /// Hand-building: lane takes `to` (or, !obtained, waits for it) while holding `from`.
    void add_edge(std::uint32_t from, std::uint32_t to, std::uint16_t lane, Nanos ts = 0, bool obtained = true);
    void clear();
    /// A saved run's inversions put back (its edges are not needed to show them).
    void restore(std::vector<LockInversion> inversions) { inversions_ = std::move(inversions); }

    /// Inversions found so far, each reported once (when the edge closing it first appears).
    const std::vector<LockInversion>& inversions() const { return inversions_; }
    std::size_t edge_count() const { return edges_.size(); }

private:
    bool path(std::uint32_t from, std::uint32_t to, std::vector<LockOrderEdge>& out, std::set<std::uint32_t>& seen) const;
    std::map<std::pair<std::uint32_t, std::uint32_t>, LockOrderEdge> edges_;
    std::map<std::uint16_t, std::vector<std::uint32_t>> held_; ///< per lane, in acquisition order
    std::vector<LockInversion> inversions_;
};

} // namespace tl
