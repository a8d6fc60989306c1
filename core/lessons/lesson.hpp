// A lesson, as loaded from one lessons/*.toml file (docs/lessons.md is the schema): bilingual
// texts, the demo it embeds with a parameter preset, "try this" experiments, challenges (goals
// reached by stepping the threads, core/lessons/challenge.hpp), check questions and glossary
// terms. A file that fails validation becomes an error entry: a Lesson whose `errors` say what
// is wrong, shown in the lesson list so the others still load.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/lessons/challenge.hpp"
#include "core/lessons/expectation.hpp"
#include "core/lessons/text.hpp"

namespace tl {

class Demo;

/// Parameter key -> value as text ("on", "fifo", "50"), in file order.
using Preset = std::vector<std::pair<std::string, std::string>>;

/// A problem found in a lesson file, at file:line:column (line 0 = the file as a whole).
struct LessonError {
    std::string file;
    int line = 0, column = 0;
    std::string message;
    /// "lessons/donation.toml:12:3: unknown key 'tittle'"
    std::string text() const;
};

/// "Try this": a text, a preset applied with one click, what to look for.
/// How an experiment's run is scheduled: live (unless it says otherwise), step mode, a seed, or
/// a saved schedule replayed and then stepped ("schedule = { steps = \"1 2 1\" }").
struct ExperimentSchedule {
    enum class Kind : std::uint8_t { Live, Step, Seeded, Replay };
    Kind kind = Kind::Live;
    std::uint64_t seed = 0;
    std::vector<int> steps; ///< Replay: 0-based thread indices
};

/// What `threadlab lessons verify` checks of an experiment: every expectation holds in at least
/// `at_least` of `runs` runs, with `overrides` (the `verify` table) set over the preset.
struct ExperimentCheck {
    std::vector<Expectation> expect; ///< empty: nothing to verify
    int runs = 1;
    int at_least = 1;
    Preset overrides; ///< e.g. a shorter duration-ms, for verification only
};

struct Experiment {
    Text text;
    Text look_for;
    Preset preset; ///< may be empty (a thought experiment)
    ExperimentSchedule schedule;
    ExperimentCheck check;
};

struct Choice {
    Text text;
    bool correct = false;
    Text why; ///< shown when this choice is picked
};

struct Question {
    Text prompt;
    std::vector<Choice> choices;
};

struct GlossaryTerm {
    Text term;
    Text meaning;
};

struct Lesson {
    std::string id;
    std::int64_t order = 0;
    Text title;
    Text body; ///< Markdown subset: # headings, paragraphs, - lists, **emphasis**, `code`, ``` blocks
    std::string demo; ///< registry id of the embedded demo ("" = text only)
    Preset preset;    ///< applied (over the demo's defaults) when the lesson opens
    std::vector<Experiment> experiments;
    std::vector<Challenge> challenges;
    std::vector<Question> questions;
    std::vector<GlossaryTerm> glossary;
    std::string source; ///< the file it came from ("" for entries made by the program)
    std::vector<LessonError> errors; ///< non-empty: an error entry, not a usable lesson

    bool broken() const { return !errors.empty(); }
};

/// Sets exactly the preset's parameters on `demo` (validated as on the command line); the others
/// keep their values. Stops at the first invalid value: false with the message in `error`.
bool apply_preset(Demo& demo, const Preset& preset, std::string* error = nullptr);

/// Opens a lesson: the demo's defaults, then the lesson's preset.
bool apply_lesson_preset(Demo& demo, const Lesson& lesson, std::string* error = nullptr);

} // namespace tl
