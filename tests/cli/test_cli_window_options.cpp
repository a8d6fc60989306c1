// Window options are checked like `threadlab run` checks its flags: before any window opens,
// every problem listed, exit 2; a screenshot that cannot be written is exit 1.
#include <doctest/doctest.h>

#include "run_threadlab.hpp"

using tl::test::kXvfbRun;
using tl::test::run_threadlab;

TEST_CASE("Cli.WindowOptions.BadValuesAreErrorsBeforeAnyWindow") {
    struct Case {
        const char* args;
        const char* says;
    };
    // No xvfb-run: had any of these opened a window, the run would fail differently.
    for (const Case& c : {Case{"--scale nan", "--scale: expected a number from 0.75 to 3"},
                          Case{"--scale -nan", "--scale: expected a number"},
                          Case{"--scale 5", "--scale: expected a number"},
                          Case{"--set bogus=5", "--set: no parameter 'bogus' in any demo"},
                          Case{"--set donors=999", "999 is out of range (allowed: 1..256)"},
                          Case{"--set lock=maybe", "'maybe' is not valid (expected on|off)"},
                          Case{"--at 1000:bogus=1", "--at: no parameter 'bogus'"},
                          Case{"--at 1000:donors=0", "--at: --donors: 0 is out of range"},
                          Case{"--demo philosophers --set donors=3", "no parameter 'donors' in the philosophers demo"},
                          Case{"--size ''", "--size: expected WIDTHxHEIGHT"},
                          Case{"--screenshot ''", "--screenshot: expected a file name"},
                          Case{"--demo nonexistent", "unknown demo 'nonexistent'"}}) {
        CAPTURE(c.args);
        const auto r = run_threadlab(c.args);
        CHECK(r.status == 2);
        CHECK(r.err.find(c.says) != std::string::npos);
    }
}

TEST_CASE("Cli.WindowOptions.EveryBadSetIsListed") {
    const auto r = run_threadlab("--set donors=abc --set lock=maybe --at 5:bogus=1");
    CHECK(r.status == 2);
    CHECK(r.err.find("'abc' is not valid") != std::string::npos);
    CHECK(r.err.find("'maybe' is not valid") != std::string::npos);
    CHECK(r.err.find("no parameter 'bogus'") != std::string::npos);
}

TEST_CASE("Cli.WindowOptions.ScreenshotThatCannotBeWrittenFails") {
    const auto r = run_threadlab("--screenshot /dev/full --frames 2", kXvfbRun);
    // Not 0 (it used to be): 1 from the lab, though xvfb-run may add its own (5: its clean-up).
    CHECK(r.status != 0);
    CHECK(r.err.find("cannot write /dev/full") != std::string::npos);
}
