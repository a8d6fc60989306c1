// A challenge: a goal the student reaches by stepping the threads by hand (The Deadlock Empire,
// on the lab's real code). It sets the demo's parameters (over the lesson's preset) and states a
// goal the lab checks when a controlled run ends: the demo's outcome, a failure it showed, a
// deadlock; or, for an impossible goal, that the explorer proves no schedule reaches it.
//
//   [[challenges]]
//   id = "lose-one"
//   preset = { donors = 2 }
//   goal = { outcome = 1100 }           # or outcome_not, failure, explore_none
//
//   challenge_met(c, demo);              // after the stepped run has Finished / Deadlocked
//   goal_reached(c.goal, explore(...));  // what the explorer says of every schedule
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lessons/text.hpp"
#include "core/util/json.hpp"

namespace tl {

class Demo;
struct ExploreReport;

/// Parameter key -> value as text (the same alias as lesson.hpp's).
using Preset = std::vector<std::pair<std::string, std::string>>;

struct Goal {
    enum class Kind {
        Outcome,     ///< the run finished and outcome() equals `value`
        OutcomeNot,  ///< the run finished and outcome() differs from `value`
        Failure,     ///< the run showed failure `failure` ("deadlock": the scheduler deadlocked)
        ExploreNone, ///< no schedule shows `failure`: proven by the explorer, not by stepping
    };
    Kind kind = Kind::Outcome;
    Json value;          ///< Outcome, OutcomeNot
    std::string failure; ///< Failure, ExploreNone
    bool operator==(const Goal&) const = default;
};

/// The goal keys a lesson file may use, as written there ("outcome", "outcome_not", ...).
const char* goal_key(Goal::Kind k);
/// The failure kinds a goal may name: "deadlock" (the scheduler's) and those demos report.
const std::vector<std::string>& known_failure_kinds();

struct Challenge {
    std::string id;         ///< unique within its lesson; progress records it
    Text title;
    Text text;              ///< the goal in words
    std::vector<Text> hints; ///< at most kMaxHints, revealed one at a time
    Text success;           ///< shown once the goal is met
    Preset preset;          ///< applied over the lesson's preset
    Goal goal;
    static constexpr std::size_t kMaxHints = 3;
};

/// True when the demo's current controlled run has ended (Finished or Deadlocked) meeting the
/// goal, with the challenge's parameters in force (a goal reached with other parameters does
/// not count). Always false for explore_none: one run proves nothing.
bool challenge_met(const Challenge& c, const Demo& demo);

/// Whether any explored schedule reaches the goal (for explore_none: shows the failure).
bool goal_reached(const Goal& g, const ExploreReport& r);
/// explore_none is proven: the search was complete and no schedule showed the failure.
bool proven_unreachable(const Goal& g, const ExploreReport& r);

/// A fresh demo set up for the challenge: the demo's defaults, the lesson's preset, then the
/// challenge's. nullptr (and *error) for an unknown demo or a bad value.
std::unique_ptr<Demo> make_challenge_demo(std::string_view demo_id, const Preset& lesson_preset, const Challenge& c,
                                          std::string* error = nullptr);

} // namespace tl
