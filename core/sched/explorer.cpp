#include "core/sched/explorer.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_set>

#include "core/demo/demo.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl {

namespace {

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// One choice point of the current path.
struct Node {
    std::vector<int> enabled;
    std::vector<StepOp> ops;   ///< every actor's next operation, by index
    std::vector<int> sleep;    ///< actors whose next step was already covered in another order
    std::vector<int> done;     ///< choices already explored from here
    int chosen = -1;
    bool branch = true;        ///< false: a local step taken without branching
    int preemptions = 0;       ///< on the path up to and including this choice
};

struct Search {
    std::vector<Node> path;
    std::size_t replay = 0; ///< the first path.size() choices are replayed, the last one new
    const ExploreLimits* limits = nullptr;
    bool bound_hit = false;
    std::unordered_set<std::uint64_t> states;
    const Demo* demo = nullptr;
};

// The sleep set a child inherits: what slept or was done here and commutes with the choice.
std::vector<int> child_sleep(const Node& n) {
    std::vector<int> out;
    for (const auto* set : {&n.sleep, &n.done})
        for (int u : *set)
            if (u != n.chosen && !contains(out, u) && independent(n.ops[static_cast<std::size_t>(u)], n.ops[static_cast<std::size_t>(n.chosen)]))
                out.push_back(u);
    return out;
}

// The thread that had the CPU: the last one chosen at a real choice (a forced local step of
// another thread is no switch of the scheduler's making).
int previous_actor(const std::vector<Node>& path, std::size_t depth) {
    for (std::size_t i = depth; i-- > 0;)
        if (path[i].branch) return path[i].chosen;
    return -1;
}

// The next choice at node n (ascending order), or -1: not sleeping, not done, within the bound.
int next_candidate(const Node& n, int prev, int preemptions_before, const ExploreLimits& lim, bool* bound_hit) {
    const bool prev_free = prev >= 0 && contains(n.enabled, prev);
    for (int e : n.enabled) {
        if (contains(n.sleep, e) || contains(n.done, e)) continue;
        if (lim.preemption_bound >= 0 && prev_free && e != prev && preemptions_before >= lim.preemption_bound) {
            *bound_hit = true;
            continue;
        }
        return e;
    }
    return -1;
}

class ExploreChooser final : public Chooser {
public:
    explicit ExploreChooser(Search& s) : s_(s) {}

    int choose(const Decision& d, std::string* why) override {
        const auto depth = static_cast<std::size_t>(d.step);
        if (d.step >= s_.limits->max_steps) {
            *why = "step limit";
            return kFail;
        }
        std::uint64_t h = s_.demo->state_fingerprint();
        for (const ActorSlot& a : d.actors)
            h = (h ^ (static_cast<std::uint64_t>(a.op.kind) << 8 ^ static_cast<std::uint64_t>(a.op.object) << 16 ^
                      static_cast<std::uint64_t>(a.op.value) << 24 ^ static_cast<std::uint64_t>(a.status))) *
                1099511628211ull;
        s_.states.insert(h);
        if (depth < s_.path.size()) {
            // Replaying the prefix: the run must offer the same choices as before.
            const Node& n = s_.path[depth];
            if (!contains(d.enabled, n.chosen)) {
                *why = "the demo is not deterministic under the scheduler (step " + std::to_string(d.step + 1) + ")";
                return kFail;
            }
            return n.chosen;
        }
        Node n;
        n.enabled = d.enabled;
        n.ops.reserve(d.actors.size());
        for (const ActorSlot& a : d.actors) n.ops.push_back(a.op);
        const int prev = previous_actor(s_.path, depth);
        const int before = depth == 0 ? 0 : s_.path[depth - 1].preemptions;
        if (depth > 0) n.sleep = child_sleep(s_.path[depth - 1]);
        // A local step commutes with everything: take it now, the order of the rest decides.
        for (int e : d.enabled)
            if (is_local(n.ops[static_cast<std::size_t>(e)])) {
                n.chosen = e;
                n.branch = false;
                break;
            }
        if (n.branch) n.chosen = next_candidate(n, prev, before, *s_.limits, &s_.bound_hit);
        if (n.chosen < 0) {
            *why = "pruned"; // every move here was covered in another order
            return kFail;
        }
        if (n.branch) n.preemptions += (prev >= 0 && n.chosen != prev && contains(n.enabled, prev) ? 1 : 0);
        n.preemptions += before;
        s_.path.push_back(std::move(n));
        return s_.path.back().chosen;
    }

private:
    Search& s_;
};

// Moves to the next path: the deepest node with an untried choice gets it, deeper ones go.
bool backtrack(Search& s) {
    while (!s.path.empty()) {
        Node& n = s.path.back();
        if (n.branch) {
            n.done.push_back(n.chosen);
            const std::size_t depth = s.path.size() - 1;
            const int prev = previous_actor(s.path, depth);
            const int before = depth == 0 ? 0 : s.path[depth - 1].preemptions;
            const int c = next_candidate(n, prev, before, *s.limits, &s.bound_hit);
            if (c >= 0) {
                n.chosen = c;
                n.preemptions = before + (prev >= 0 && c != prev && contains(n.enabled, prev) ? 1 : 0);
                return true;
            }
        }
        s.path.pop_back();
    }
    return false;
}

template <class T> T& entry(std::vector<T>& list, const std::function<bool(const T&)>& same, const std::function<T()>& make) {
    for (T& x : list)
        if (same(x)) return x;
    list.push_back(make());
    return list.back();
}

void record(std::vector<int>& shortest, std::uint64_t& count, const std::vector<int>& schedule) {
    if (count++ == 0 || schedule.size() < shortest.size()) shortest = schedule;
}

} // namespace

Json ExploreReport::to_json() const {
    Json j;
    j["complete"] = complete;
    if (!complete) j["stopped_by"] = stopped_by;
    j["schedules"] = schedules;
    j["pruned"] = pruned;
    j["states"] = states;
    j["steps"] = steps;
    j["seconds"] = seconds;
    Json outs = Json::array();
    for (const ExploreOutcome& o : outcomes)
        outs.push_back({{"result", o.result}, {"count", o.count}, {"shortest", format_schedule(o.shortest)}});
    j["outcomes"] = std::move(outs);
    Json fails = Json::array();
    for (const ExploreFailure& f : failures)
        fails.push_back({{"kind", f.kind}, {"count", f.count}, {"shortest", format_schedule(f.shortest)}});
    j["failures"] = std::move(fails);
    return j;
}

ExploreReport explore(Demo& demo, const ExploreLimits& limits, const std::atomic<bool>* cancel,
                      const std::function<void(const ExploreReport&)>& progress) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    ExploreReport r;
    Search s;
    s.limits = &limits;
    s.demo = &demo;
    demo.set_ring_capacity_override(1024); // short runs; the timeline is not what counts here
    for (;;) {
        if (cancel && cancel->load()) {
            r.stopped_by = "cancelled";
            break;
        }
        if (r.schedules + r.pruned >= limits.max_schedules) {
            r.stopped_by = "schedules";
            break;
        }
        if (std::chrono::duration<double>(clock::now() - t0).count() >= limits.max_seconds) {
            r.stopped_by = "time";
            break;
        }
        demo.start(std::make_unique<ExploreChooser>(s));
        Scheduler& sched = *demo.scheduler();
        const Scheduler::Phase phase = sched.wait_quiescent();
        const std::vector<int> schedule = sched.schedule();
        const std::string error = sched.snapshot().error;
        if (phase == Scheduler::Phase::Deadlocked) demo.poll(); // let the analysers see the cycle
        demo.stop();
        r.steps += schedule.size();
        const bool cut = (phase == Scheduler::Phase::Failed && error == "step limit") || phase == Scheduler::Phase::Limited;
        if (phase == Scheduler::Phase::Failed && error == "pruned") {
            ++r.pruned;
        } else if (phase == Scheduler::Phase::Failed && !cut) {
            r.stopped_by = error;
            break;
        } else {
            ++r.schedules;
            Json result;
            std::vector<std::string> kinds = demo.failures();
            if (phase == Scheduler::Phase::Deadlocked) {
                result = "deadlock";
                kinds.insert(kinds.begin(), "deadlock");
            } else if (cut) {
                result = "step limit";
                r.stopped_by = "step limit";
            } else {
                result = demo.outcome();
            }
            const std::string key = result.dump();
            ExploreOutcome& o = entry<ExploreOutcome>(
                r.outcomes, [&](const ExploreOutcome& x) { return x.result.dump() == key; },
                [&] { return ExploreOutcome{result, 0, {}}; });
            record(o.shortest, o.count, schedule);
            for (const std::string& k : kinds) {
                ExploreFailure& f = entry<ExploreFailure>(
                    r.failures, [&](const ExploreFailure& x) { return x.kind == k; }, [&] { return ExploreFailure{k, 0, {}}; });
                record(f.shortest, f.count, schedule);
            }
        }
        r.states = s.states.size();
        r.seconds = std::chrono::duration<double>(clock::now() - t0).count();
        if (progress) progress(r);
        if (!backtrack(s)) {
            r.complete = !s.bound_hit && r.stopped_by.empty();
            if (s.bound_hit && r.stopped_by.empty()) r.stopped_by = "preemption bound";
            break;
        }
    }
    demo.set_ring_capacity_override(0);
    r.states = s.states.size();
    r.seconds = std::chrono::duration<double>(clock::now() - t0).count();
    std::sort(r.outcomes.begin(), r.outcomes.end(), [](const auto& a, const auto& b) { return a.result.dump() < b.result.dump(); });
    return r;
}

} // namespace tl
