// `threadlab run eventloop|processes|daemon ... --save-run F` writes the run with the result --json
// printed, and the window opens such a file with --open-run F (under Xvfb), nothing running.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/util/json.hpp"
#include "run_threadlab.hpp"
#include "save_run_check.hpp"

using tl::test::run_threadlab;

TEST_CASE("Cli.SaveRun.EventLoopProcessesDaemon") {
    const std::string base = "threadlab-cli-saverun-" + std::to_string(::getpid());
    for (const char* args : {"eventloop --tasks 2 --steps 1 --step-ms 10 --blocking on --blocking-ms 10",
                             "eventloop --variant generator --steps 2 --step-ms 10",
                             "processes --mode processes-ipc --workers 2 --per-worker 50 --count-ms 0",
                             "daemon --daemons 1 --workers 1 --main-ms 0 --worker-ms 20 --step-ms 10"}) {
        CAPTURE(args);
        const std::string file = base + ".tlrun.json";
        tl::test::save_run_holds_the_printed_result(args, file);

        // The window opens it (one demo is enough here: the views' side is tests/ui/test_saved_run_views_*).
        if (std::string(args).rfind("daemon", 0) == 0) {
            const std::string png = base + ".png";
            const auto w = run_threadlab("--screenshot " + png + " --frames 10 --size 1280x720 --settings none.ini --open-run " + file,
                                         tl::test::kXvfbRun);
            INFO(w.err);
            CHECK(w.status == 0);
            CHECK(std::filesystem::file_size(png) > 1000);
            std::remove(png.c_str());
        }
        std::remove(file.c_str());
    }
}
