// The wait-for graph: which lane waits for which lock, and which lane holds each lock, kept live
// from the primitives' Sync events. A lane waits for at most one lock and a lock has at most one
// holder, so following "waits for lock held by" from any lane either ends or loops: the loop is
// a deadlock (a lane waiting for a lock it holds itself is a loop of one, a self-deadlock).
//
//   WaitForGraph g;
//   recorder.poll([&](const Event& e) { g.on_event(e); });
//   for (const WaitCycle& c : g.find_cycles())
//       for (const WaitLink& l : c.links()) ...   // l.waiter waits for l.lock, held by l.holder
//
// The graph hands out facts (lanes, locks), never sentences: a view words them in its language.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/trace/event.hpp"

namespace tl {

/// One link of a cycle: `waiter` waits for `lock`, which `holder` holds.
struct WaitLink {
    std::uint16_t waiter = 0;
    std::uint32_t lock = 0;
    std::uint16_t holder = 0;
    /// The waiter holds the lock itself (a plain mutex locked twice): a cycle of one.
    bool self_wait() const { return waiter == holder; }
    bool operator==(const WaitLink&) const = default;
};

/// A cycle: lanes[i] waits for locks[i], which lanes[(i + 1) % size] holds. Rotated so the
/// smallest lane comes first (one spelling per cycle).
struct WaitCycle {
    std::vector<std::uint16_t> lanes;
    std::vector<std::uint32_t> locks;

    std::size_t size() const { return lanes.size(); }
    /// A self-deadlock: one lane waiting for a lock it holds.
    bool self_wait() const { return lanes.size() == 1; }
    /// Link i (0 <= i < size()): lanes[i] waits for locks[i] held by lanes[(i + 1) % size].
    WaitLink link(std::size_t i) const {
        return {lanes[i], locks[i], lanes[(i + 1) % lanes.size()]};
    }
    /// Every link, in cycle order (the smallest lane's first).
    std::vector<WaitLink> links() const;
    bool operator==(const WaitCycle&) const = default;
};

class WaitForGraph {
public:
    /// Applies a Sync event (others are ignored). Events of one lane must come in order; lanes
    /// may lag one another: a release seen after the next holder's acquire is ignored, and so is
    /// an acquire older (by timestamp) than another lane's current hold or last release of the
    /// lock. Feed events in timestamp order where possible (Demo::poll merges the lanes).
    void on_event(const Event& e);
    void clear();

    // Hand-building (tests, and what on_event does underneath).
    void set_holder(std::uint32_t lock, std::uint16_t lane, int holds = 1, Nanos ts = 0);
    void release(std::uint32_t lock, std::uint16_t lane, int remaining = 0);
    void set_waiting(std::uint16_t lane, std::uint32_t lock, Nanos ts = 0);
    void clear_waiting(std::uint16_t lane);

    /// Holder's lane, or -1 when free.
    int holder(std::uint32_t lock) const;
    /// Hold count (recursive locks), 0 when free.
    int holds(std::uint32_t lock) const;
    /// The lock the lane waits for, or -1.
    std::int64_t waiting_for(std::uint16_t lane) const;
    /// When the lane began its current wait (0 when not waiting).
    Nanos waiting_since(std::uint16_t lane) const;
    /// When the lock's holder acquired it (0 when free).
    Nanos held_since(std::uint32_t lock) const;
    /// Bumped on every Sync event of the lane: equal generations mean "nothing happened since".
    std::uint64_t generation(std::uint16_t lane) const;

    /// Every cycle, each once. Lanes that only wait on a cycle (a chain into it) are not members.
    std::vector<WaitCycle> find_cycles() const;

private:
    struct Hold {
        std::uint16_t lane = 0;
        int count = 0;
        Nanos since = 0;
    };
    struct Wait {
        std::int64_t lock = -1;
        Nanos since = 0;
        std::uint64_t generation = 0;
    };
    Wait& wait(std::uint16_t lane);
    std::unordered_map<std::uint32_t, Hold> holders_;
    std::unordered_map<std::uint32_t, Hold> freed_; ///< per lock: who released it last, and when
    std::vector<Wait> lanes_;
};

} // namespace tl
