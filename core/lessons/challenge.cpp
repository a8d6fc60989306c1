// [SECTION] index
// - goal keys and failure kinds
// - reading a goal (challenge_toml.hpp)
// - judging a run, judging the explorer's report
#include "core/lessons/challenge.hpp"

#include <algorithm>

#include "core/demo/demo.hpp"
#include "core/demo/registry.hpp"
#include "core/lessons/challenge_toml.hpp"
#include "core/lessons/lesson.hpp"
#include "core/sched/explorer.hpp"

namespace tl {

// [SECTION] goal keys and failure kinds

const char* goal_key(Goal::Kind k) {
    switch (k) {
    case Goal::Kind::Outcome: return "outcome";
    case Goal::Kind::OutcomeNot: return "outcome_not";
    case Goal::Kind::Failure: return "failure";
    case Goal::Kind::ExploreNone: return "explore_none";
    }
    return "?";
}

const std::vector<std::string>& known_failure_kinds() {
    // "deadlock" is the scheduler's phase; the others are what Demo::failures() reports (only
    // the demos that can be stepped count: a goal must be reachable by stepping).
    static const std::vector<std::string> kinds{"deadlock", "lost_update", "item_lost", "item_duplicated", "order_broken"};
    return kinds;
}

// [SECTION] reading a goal

namespace {

/// An outcome as the demos give it: an integer (the balance) or a list of them (meals each).
bool outcome_value(const toml::node& n, Json& out) {
    if (const auto* i = n.as_integer()) {
        out = i->get();
        return true;
    }
    const toml::array* a = n.as_array();
    if (!a) return false;
    out = Json::array();
    for (const toml::node& e : *a) {
        const auto* i = e.as_integer();
        if (!i) return false;
        out.push_back(i->get());
    }
    return true;
}

std::string list(const std::vector<std::string>& xs) {
    std::string s;
    for (const std::string& x : xs) s += (s.empty() ? "" : ", ") + x;
    return s;
}

} // namespace

bool parse_goal(const toml::node& n, const std::string& where, Goal& out, const GoalErrorFn& error) {
    const toml::table* t = n.as_table();
    if (!t) {
        error(n.source(), where + ": expected a table, e.g. goal = { outcome = 1100 } or goal = { failure = \"deadlock\" }");
        return false;
    }
    const std::vector<std::string> keys{"outcome", "outcome_not", "failure", "explore_none"};
    bool ok = true;
    int found = 0;
    for (auto&& [k, v] : *t) {
        const std::string key(k.str());
        const auto it = std::find(keys.begin(), keys.end(), key);
        if (it == keys.end()) {
            error(k.source(), "unknown goal '" + key + "' in " + where + " (allowed: " + list(keys) + ")");
            ok = false;
            continue;
        }
        if (++found > 1) {
            error(k.source(), where + ": one goal per challenge ('" + key + "' is a second one)");
            ok = false;
            continue;
        }
        out.kind = static_cast<Goal::Kind>(it - keys.begin());
        if (out.kind == Goal::Kind::Outcome || out.kind == Goal::Kind::OutcomeNot) {
            if (!outcome_value(v, out.value)) {
                error(v.source(), where + " " + key + ": expected an integer or a list of integers (the demo's outcome)");
                ok = false;
            }
            continue;
        }
        const auto* s = v.as_string();
        if (!s) {
            error(v.source(), where + " " + key + ": expected a failure kind as a string (" + list(known_failure_kinds()) + ")");
            ok = false;
            continue;
        }
        out.failure = s->get();
        const auto& kinds = known_failure_kinds();
        if (std::find(kinds.begin(), kinds.end(), out.failure) == kinds.end()) {
            error(v.source(), where + " " + key + ": unknown failure kind '" + out.failure + "' (known: " + list(kinds) + ")");
            ok = false;
        }
    }
    if (found == 0 && ok) {
        error(t->source(), where + ": the goal is empty (one of " + list(keys) + ")");
        ok = false;
    }
    return ok;
}

// [SECTION] judging

namespace {

/// Every parameter of the preset has the preset's value in `demo` now.
bool preset_holds(const Demo& demo, const Preset& preset) {
    for (const auto& [key, value] : preset) {
        std::int64_t want = 0;
        if (!demo.params().parse(key, value, &want) || demo.params().value(key) != want) return false;
    }
    return true;
}

bool has(const std::vector<std::string>& xs, const std::string& x) { return std::find(xs.begin(), xs.end(), x) != xs.end(); }

} // namespace

bool challenge_met(const Challenge& c, const Demo& demo) {
    const Scheduler* s = demo.scheduler();
    if (!s || !preset_holds(demo, c.preset)) return false;
    const Scheduler::Phase phase = s->phase();
    const bool finished = phase == Scheduler::Phase::Finished;
    const bool deadlocked = phase == Scheduler::Phase::Deadlocked;
    switch (c.goal.kind) {
    case Goal::Kind::Outcome: return finished && demo.outcome() == c.goal.value;
    case Goal::Kind::OutcomeNot: return finished && !demo.outcome().is_null() && demo.outcome() != c.goal.value;
    case Goal::Kind::Failure:
        if (c.goal.failure == "deadlock") return deadlocked;
        return (finished || deadlocked) && has(demo.failures(), c.goal.failure);
    case Goal::Kind::ExploreNone: return false;
    }
    return false;
}

bool goal_reached(const Goal& g, const ExploreReport& r) {
    switch (g.kind) {
    case Goal::Kind::Outcome:
        return std::any_of(r.outcomes.begin(), r.outcomes.end(), [&](const ExploreOutcome& o) { return o.result == g.value; });
    case Goal::Kind::OutcomeNot:
        // The explorer names runs that did not finish by a string ("deadlock", "step limit").
        return std::any_of(r.outcomes.begin(), r.outcomes.end(),
                           [&](const ExploreOutcome& o) { return !o.result.is_string() && o.result != g.value; });
    case Goal::Kind::Failure:
    case Goal::Kind::ExploreNone:
        return std::any_of(r.failures.begin(), r.failures.end(), [&](const ExploreFailure& f) { return f.kind == g.failure; });
    }
    return false;
}

bool proven_unreachable(const Goal& g, const ExploreReport& r) { return r.complete && !goal_reached(g, r); }

std::unique_ptr<Demo> make_challenge_demo(std::string_view demo_id, const Preset& lesson_preset, const Challenge& c,
                                          std::string* error) {
    std::unique_ptr<Demo> d = make_demo(demo_id);
    if (!d) {
        if (error) *error = "unknown demo '" + std::string(demo_id) + "'";
        return nullptr;
    }
    if (!apply_preset(*d, lesson_preset, error) || !apply_preset(*d, c.preset, error)) return nullptr;
    return d;
}

} // namespace tl
