// A saved philosophers run (core/demo/run_file.hpp): each philosopher's meals, phase and longest
// wait, and the deadlock analysis as the run left it (every cycle with its formed, detected and
// resolved times, the ones still standing, who holds and waits for which lock, the lock-order
// inversions, the livelock test). The analysers were fed lock events the timeline does not keep,
// so their conclusions are saved, not rebuilt.
#include "core/demos/philosophers.hpp"
#include "core/demo/saved_state.hpp"

namespace tl {

namespace {

Json deadlock_json(const Deadlock& d) {
    return {{"lanes", d.cycle.lanes}, {"locks", d.cycle.locks}, {"formed", d.formed}, {"detected", d.detected}, {"resolved", d.resolved}};
}

Deadlock deadlock_from(const Json& j, const std::string& w, int lanes) {
    Deadlock d;
    const Json& ls = state_list(state_field(j, "lanes", w), w + ".lanes");
    const Json& ks = state_list(state_field(j, "locks", w), w + ".locks", ls.size());
    if (ls.empty()) throw BadState("'" + w + ".lanes' is empty");
    for (std::size_t i = 0; i < ls.size(); ++i) {
        const auto lane = state_int<std::uint16_t>(ls[i], state_item(w + ".lanes", i));
        if (static_cast<int>(lane) >= lanes) throw BadState("'" + state_item(w + ".lanes", i) + "' is no philosopher of this table");
        d.cycle.lanes.push_back(lane);
        d.cycle.locks.push_back(state_int<std::uint32_t>(ks[i], state_item(w + ".locks", i)));
    }
    d.formed = state_int<Nanos>(state_field(j, "formed", w), w + ".formed");
    d.detected = state_int<Nanos>(state_field(j, "detected", w), w + ".detected");
    d.resolved = state_int<Nanos>(state_field(j, "resolved", w), w + ".resolved");
    return d;
}

std::vector<Deadlock> deadlocks_from(const Json& j, const char* key, int lanes) {
    std::vector<Deadlock> out;
    const Json& a = state_list(state_field(j, key, ""), key);
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(deadlock_from(a[i], state_item(key, i), lanes));
    return out;
}

} // namespace

Json PhilosophersDemo::save_state() const {
    Json phil = Json::array();
    const std::vector<Seat> shown = seats(); // the hungry spells as shown now (a frozen picture's)
    for (int i = 0; i < n_; ++i) {
        const Philosopher& p = phil_[static_cast<std::size_t>(i)];
        phil.push_back({{"meals", p.meals.load(std::memory_order_relaxed)},
                        {"phase", static_cast<int>(p.phase.load(std::memory_order_relaxed))},
                        {"hungry_since", p.hungry_since.load(std::memory_order_relaxed)},
                        {"longest_wait", p.longest_wait.load(std::memory_order_relaxed)},
                        {"hungry_ms", shown[static_cast<std::size_t>(i)].hungry_ms}});
    }
    const WaitForGraph& g = monitor_.graph();
    Json holders = Json::array(), waiting = Json::array(), history = Json::array(), current = Json::array(), inversions = Json::array();
    for (std::uint32_t id : lock_ids_)
        if (g.holder(id) >= 0) holders.push_back({id, g.holder(id), g.holds(id), g.held_since(id)});
    for (int i = 0; i < n_; ++i) {
        const auto lane = static_cast<std::uint16_t>(i);
        if (g.waiting_for(lane) >= 0) waiting.push_back({i, g.waiting_for(lane), g.waiting_since(lane)});
    }
    for (const Deadlock& d : monitor_.history()) history.push_back(deadlock_json(d));
    for (const Deadlock& d : monitor_.current()) current.push_back(deadlock_json(d));
    for (const LockInversion& inv : lock_order_.inversions()) {
        Json edges = Json::array();
        for (const LockOrderEdge& e : inv.edges) edges.push_back({e.from, e.to, e.lane, e.ts, e.obtained});
        inversions.push_back({{"ts", inv.ts}, {"edges", std::move(edges)}});
    }
    return {{"run_start", run_start_},
            {"philosophers", std::move(phil)},
            {"breaks", breaks()},
            {"holders", std::move(holders)},
            {"waiting", std::move(waiting)},
            {"deadlocks", std::move(history)},
            {"current_deadlocks", std::move(current)},
            {"deadlocked_at_end", deadlocked_at_end_},
            {"inversions", std::move(inversions)},
            {"livelock_seen", livelock_seen_},
            {"livelock_now", livelock_now_},
            {"meal_rate", meal_rate_}};
}

bool PhilosophersDemo::load_state(const Json& j, std::string* error) {
    return load_fields(error, [&] {
        // Everything is read and checked before anything is set.
        const Json& phil = state_list(state_field(j, "philosophers", ""), "philosophers", static_cast<std::size_t>(n_));
        struct One {
            std::uint64_t meals;
            Phase phase;
            Nanos hungry_since, longest_wait;
            double hungry_ms;
        };
        std::vector<One> ones;
        for (std::size_t i = 0; i < phil.size(); ++i) {
            const std::string w = state_item("philosophers", i);
            ones.push_back({state_int<std::uint64_t>(state_field(phil[i], "meals", w), w + ".meals"),
                            state_enum(state_field(phil[i], "phase", w), w + ".phase", Phase::Done),
                            state_int<Nanos>(state_field(phil[i], "hungry_since", w), w + ".hungry_since"),
                            state_int<Nanos>(state_field(phil[i], "longest_wait", w), w + ".longest_wait"),
                            state_number(state_field(phil[i], "hungry_ms", w), w + ".hungry_ms")});
        }
        WaitForGraph g;
        const Json& holders = state_list(state_field(j, "holders", ""), "holders");
        for (std::size_t i = 0; i < holders.size(); ++i) {
            const std::string w = state_item("holders", i);
            const Json& h = state_list(holders[i], w, 4);
            const auto id = state_int<std::uint32_t>(h[0], w + "[0]");
            const auto lane = state_int<std::uint16_t>(h[1], w + "[1]");
            if (lock_index(id) < 0) throw BadState("'" + w + "' names no lock of this table");
            if (static_cast<int>(lane) >= n_) throw BadState("'" + w + "' names no philosopher of this table");
            g.set_holder(id, lane, state_int<int>(h[2], w + "[2]"), state_int<Nanos>(h[3], w + "[3]"));
        }
        const Json& waiting = state_list(state_field(j, "waiting", ""), "waiting");
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            const std::string w = state_item("waiting", i);
            const Json& x = state_list(waiting[i], w, 3);
            const auto lane = state_int<std::uint16_t>(x[0], w + "[0]");
            if (static_cast<int>(lane) >= n_) throw BadState("'" + w + "' names no philosopher of this table");
            g.set_waiting(lane, state_int<std::uint32_t>(x[1], w + "[1]"), state_int<Nanos>(x[2], w + "[2]"));
        }
        std::vector<Deadlock> history = deadlocks_from(j, "deadlocks", n_), current = deadlocks_from(j, "current_deadlocks", n_);
        std::vector<LockInversion> inversions;
        const Json& invs = state_list(state_field(j, "inversions", ""), "inversions");
        for (std::size_t i = 0; i < invs.size(); ++i) {
            const std::string w = state_item("inversions", i);
            LockInversion inv;
            inv.ts = state_int<Nanos>(state_field(invs[i], "ts", w), w + ".ts");
            const Json& edges = state_list(state_field(invs[i], "edges", w), w + ".edges");
            if (edges.empty()) throw BadState("'" + w + ".edges' is empty");
            for (std::size_t k = 0; k < edges.size(); ++k) {
                const std::string we = state_item(w + ".edges", k);
                const Json& e = state_list(edges[k], we, 5);
                const auto lane = state_int<std::uint16_t>(e[2], we + "[2]");
                if (static_cast<int>(lane) >= n_) throw BadState("'" + we + "' names no philosopher of this table");
                inv.edges.push_back({state_int<std::uint32_t>(e[0], we + "[0]"), state_int<std::uint32_t>(e[1], we + "[1]"), lane,
                                     state_int<Nanos>(e[3], we + "[3]"), state_bool(e[4], we + "[4]")});
            }
            inversions.push_back(std::move(inv));
        }
        const Nanos run_start = state_int<Nanos>(state_field(j, "run_start", ""), "run_start");
        const auto breaks = state_int<std::uint64_t>(state_field(j, "breaks", ""), "breaks");
        const bool at_end = state_bool(state_field(j, "deadlocked_at_end", ""), "deadlocked_at_end");
        const bool seen = state_bool(state_field(j, "livelock_seen", ""), "livelock_seen");
        const bool now = state_bool(state_field(j, "livelock_now", ""), "livelock_now");
        const double rate = state_number(state_field(j, "meal_rate", ""), "meal_rate");

        shown_hungry_ms_.clear();
        for (std::size_t i = 0; i < ones.size(); ++i) {
            Philosopher& p = phil_[i];
            p.meals.store(ones[i].meals, std::memory_order_relaxed);
            p.phase.store(ones[i].phase, std::memory_order_relaxed);
            p.hungry_since.store(ones[i].hungry_since, std::memory_order_relaxed);
            p.longest_wait.store(ones[i].longest_wait, std::memory_order_relaxed);
            shown_hungry_ms_.push_back(ones[i].hungry_ms);
        }
        monitor_.clear();
        monitor_.graph() = std::move(g);
        monitor_.restore(std::move(history), std::move(current));
        lock_order_.clear();
        lock_order_.restore(std::move(inversions));
        run_start_ = run_start;
        breaks_.store(breaks, std::memory_order_relaxed);
        deadlocked_at_end_ = at_end;
        livelock_seen_ = seen;
        livelock_now_ = now;
        meal_rate_ = rate;
    });
}

} // namespace tl
