// `threadlab run philosophers|scheduler|gil ... --save-run F` writes the run with the result --json
// printed. (The window's side, LabView::open_run, is tests/ui/test_saved_run_views_phil_sched_gil.cpp;
// starting Xvfb here would add seconds for no demo-specific code.)
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "core/util/json.hpp"
#include "run_threadlab.hpp"
#include "save_run_check.hpp"

using tl::Json;
using tl::test::run_threadlab;

TEST_CASE("Cli.SaveRun.PhilosophersSchedulerGil") {
    const std::string file = "threadlab-cli-saverun-a-" + std::to_string(::getpid()) + ".tlrun.json";
    for (const char* args : {"philosophers --think-ms 0 --hesitate-ms 50 --jitter off --duration-ms 200",
                             "philosophers --strategy ordered --meals 2 --think-ms 1 --eat-ms 1 --duration-ms 0 --seed 5",
                             "scheduler --algorithm rr --jobs A:0:3,B:1:2 --unit-ms 20",
                             "gil --threads 2 --work-ms 10"}) {
        CAPTURE(args);
        tl::test::save_run_holds_the_printed_result(args, file);
        std::remove(file.c_str());
    }
}

// The scheduler's result is computed at once, so a plain headless run ends at once; with --trace or
// --save-run it plays the whole replay, so the files hold the chart, not its first millisecond.
TEST_CASE("Cli.SaveRun.SchedulerKeepsTheWholeReplay") {
    const std::string run = "threadlab-cli-saverun-s-" + std::to_string(::getpid()) + ".tlrun.json";
    const std::string trace = "threadlab-cli-saverun-s-" + std::to_string(::getpid()) + ".trace.json";
    const auto r = run_threadlab("run scheduler --algorithm rr --jobs A:0:3,B:1:2 --unit-ms 20 --json --save-run " + run +
                                 " --trace " + trace);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Json printed = Json::parse(r.out, nullptr, false);
    double makespan = 0;
    for (const Json& s : printed["gantt"]) makespan = std::max(makespan, s["to"].get<double>());
    REQUIRE(makespan == 5);
    const Json saved = Json::parse(tl::test::slurp(run), nullptr, false);
    REQUIRE_FALSE(saved.is_discarded());
    CHECK(saved["state"]["played"]["units"].get<double>() == makespan); // played to its end
    const Json t = Json::parse(tl::test::slurp(trace), nullptr, false);
    REQUIRE_FALSE(t.is_discarded());
    // Every stretch of the chart was played: a lane span on the CPU for each gantt segment (a
    // run that ended at once would hold the first only). Counted, not timed: the replay keeps to
    // absolute deadlines, so a late start on a busy machine shortens the first span.
    std::size_t on_cpu = 0;
    for (const Json& e : t["traceEvents"])
        if (e.value("ph", "") == "X" && e.value("name", "").starts_with("running: CPU")) ++on_cpu;
    CHECK(on_cpu == printed["gantt"].size());
    std::remove(run.c_str());
    std::remove(trace.c_str());
}
