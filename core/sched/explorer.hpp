// The explorer: every interleaving of a small configuration, by stateless model checking. It
// runs the demo again and again on its real threads under a chooser that follows a prefix of
// choices and then tries the next untried one (depth-first). Two reductions keep it small and
// lose no outcome: a local step (a sleep, a computation) is taken at once without branching,
// and sleep sets skip an order of two independent steps (different objects) already tried the
// other way round. A preemption bound (optional) trades completeness for speed.
//
//   DonationDemo d;  d.set_param("donors", 2);
//   ExploreReport r = explore(d, {});
//   r.complete;  r.outcomes;   // {1100: 2 schedules, shortest "1 2 1 2 ..."}, {1200: ...}
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/util/json.hpp"

namespace tl {

class Demo;

struct ExploreLimits {
    std::uint64_t max_schedules = 200000; ///< runs, pruned ones included
    double max_seconds = 30;
    int preemption_bound = -1;            ///< < 0: none (complete search)
    int max_steps = 5000;                 ///< per run; longer runs are cut and counted
};

struct ExploreOutcome {
    Json result;              ///< the demo's outcome(), or "deadlock"
    std::uint64_t count = 0;  ///< schedules that reach it
    std::vector<int> shortest; ///< the shortest of them (0-based actor indices)
};

struct ExploreFailure {
    std::string kind;          ///< "deadlock", "lost_update", "item_lost"...
    std::uint64_t count = 0;
    std::vector<int> shortest;
};

struct ExploreReport {
    bool complete = false;       ///< every interleaving was covered (no budget, no bound hit)
    std::string stopped_by;      ///< why not: "schedules", "time", "preemption bound", "cancelled", "step limit", or an error
    std::uint64_t schedules = 0; ///< runs to their end (finished or deadlocked)
    std::uint64_t pruned = 0;    ///< runs cut short by the sleep sets (an order already covered)
    std::uint64_t states = 0;    ///< distinct states seen at choice points
    std::uint64_t steps = 0;     ///< steps executed over all runs
    double seconds = 0;
    std::vector<ExploreOutcome> outcomes;
    std::vector<ExploreFailure> failures;
    Json to_json() const;
};

/// Explores `demo` with its current parameters. `cancel` (optional) stops the search between
/// two runs; `progress` (optional) is called after every run with the report so far.
ExploreReport explore(Demo& demo, const ExploreLimits& limits, const std::atomic<bool>* cancel = nullptr,
                      const std::function<void(const ExploreReport&)>& progress = {});

} // namespace tl
