// `threadlab lessons verify`: runs a lesson experiment's demo the way the lesson sets it up
// (lesson preset, experiment preset, the `verify` overrides, its schedule), `runs` times, and
// counts the runs in which every expectation holds. The run itself is the caller's (the command
// line's headless runner), so this stays free of signals and printing.
//
//   ExperimentVerdict v = verify_experiment(lesson, 1, run_fn, 60 * kSecond);
//   puts(format_verdict(v).c_str());   // "ok      040-donation-race #2  actual=1100 ... (3/3 runs)"
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/lessons/lesson.hpp"
#include "core/trace/clock.hpp"
#include "core/util/json.hpp"

namespace tl {

class Demo;

/// One headless run: the demo's result, or why there is none worth checking.
struct DemoRun {
    Json result;
    std::string problem; ///< "" = fine; else "timed out after 30 s", "the schedule does not fit: ..."
    bool interrupted = false;
};
/// Runs `demo` (parameters and schedule already set) to its end, stopping it after `limit` ns.
using RunDemoFn = std::function<DemoRun(Demo& demo, Nanos limit)>;

struct ExperimentVerdict {
    enum class Status : std::uint8_t { Ok, Failed, NothingToRun, NoExpectations, Interrupted };
    Status status = Status::NothingToRun;
    std::string lesson_id;
    std::size_t number = 0; ///< 1-based, as `#2` in the output
    int runs = 0, at_least = 0; ///< wanted
    int done = 0, passed = 0;   ///< runs made, runs in which every expectation held
    /// Each field the expectations read, as written, with its value over the runs ("49", "1100..1900").
    std::vector<std::pair<std::string, std::string>> values;
    std::string problem; ///< the first failed expectation or run problem, with its run number
    double seconds = 0;
};

/// Sets up and runs lesson.experiments[index] (0-based) `runs` times within `limit` in all;
/// stops early once the verdict cannot change to ok. `cancel` (optional) stops between runs.
ExperimentVerdict verify_experiment(const Lesson& lesson, std::size_t index, const RunDemoFn& run, Nanos limit,
                                    const std::atomic<bool>* cancel = nullptr);

/// One line: "ok      040-donation-race #2  actual=1100 expected=5000 (3/3 runs, 1.2 s)" or
/// "FAILED  ..." followed by the problem.
std::string format_verdict(const ExperimentVerdict& v);

} // namespace tl
