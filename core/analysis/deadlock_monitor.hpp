// Turns wait-for cycles into confirmed deadlocks. Lanes are drained one after another, so for
// an instant the graph can show a cycle that is already gone; a cycle counts once it is still
// there, with none of its members having done anything since, at a later update at least
// kConfirm after it was first seen. It is polled every UI frame (or every few ms by the command
// line); a DeadlockWatch on its own thread may tell it the cycle was certain earlier. A cycle
// whose members have all been waiting for kConfirm already (by their events' timestamps) is
// confirmed at once.
//
//   DeadlockMonitor m;
//   m.on_event(e);                  // for every drained event
//   m.update(now_ns());             // once per poll
//   if (m.deadlocked()) show(m.current());
#pragma once
#include <optional>
#include <vector>

#include "core/analysis/wait_for_graph.hpp"

namespace tl {

struct Deadlock {
    WaitCycle cycle;
    Nanos formed = 0;   ///< when the last member began to wait: the moment the cycle closed
    Nanos detected = 0; ///< when it was confirmed
    Nanos resolved = 0; ///< when the cycle went away (broken or stopped); 0 while it lasts
    double detected_after_ms() const { return ns_to_ms(detected - formed); }
};

class DeadlockMonitor {
public:
    static constexpr Nanos kConfirm = 5'000'000; // 5 ms

    void on_event(const Event& e) { graph_.on_event(e); }
    /// Confirms persistent cycles and retires vanished ones. Call after draining the events.
    void update(Nanos now);
    void clear();

    const WaitForGraph& graph() const { return graph_; }
    WaitForGraph& graph() { return graph_; }

    /// A confirmed cycle exists right now.
    bool deadlocked() const { return !current_.empty(); }
    /// Confirmed cycles that still exist.
    const std::vector<Deadlock>& current() const { return current_; }
    /// Every deadlock confirmed since the last clear(), in order, resolved ones included.
    const std::vector<Deadlock>& history() const { return history_; }
    /// Deadlock k of history() was known earlier, at t (by a DeadlockWatch, which does not wait
    /// for the next poll): moves its detection time back, never forward.
    void detected_earlier(std::size_t k, Nanos t);
    /// A saved run's analysis put back (core/demos/philosophers_runfile.cpp): the graph is
    /// rebuilt by hand beside it; nothing is pending confirmation.
    void restore(std::vector<Deadlock> history, std::vector<Deadlock> current) {
        candidates_.clear();
        history_ = std::move(history);
        current_ = std::move(current);
    }

private:
    struct Candidate {
        WaitCycle cycle;
        std::vector<std::uint64_t> generations;
        Nanos first_seen = 0;
        bool confirmed = false;
    };
    std::vector<std::uint64_t> generations_of(const WaitCycle& c) const;
    Nanos formed_at(const WaitCycle& c) const;

    WaitForGraph graph_;
    std::vector<Candidate> candidates_;
    std::vector<Deadlock> current_;
    std::vector<Deadlock> history_;
};

} // namespace tl
