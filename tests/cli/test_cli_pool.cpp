#include <doctest/doctest.h>

#include "run_threadlab.hpp"

using tl::test::run_threadlab;

TEST_CASE("Cli.Pool.Json.FiveWorkersFifteenTasks") {
    const auto r = run_threadlab("run pool --task-ms 5 --json");
    REQUIRE(r.status == 0);
    for (const char* key : {"\"distinct_workers\":", "\"tasks_per_worker\":{\"1\":", "\"wall_ms\":", "\"mean_dispatch_us\":",
                            "\"mean_thread_create_us\":null", "\"results\":[{\"task\":1,", "\"errors\":[]"})
        CHECK_MESSAGE(r.out.find(key) != std::string::npos, key);
}

TEST_CASE("Cli.Pool.ProcessPoolAndThreadPerTask") {
    // The process pool spawns the threadlab executable itself as `threadlab pool-worker`.
    const auto p = run_threadlab("run pool --mode process-pool --workers 2 --tasks 4 --task-ms 1 --fail-task 2 --json");
    REQUIRE(p.status == 0);
    CHECK(p.out.find("\"mode\":\"process-pool\"") != std::string::npos);
    CHECK(p.out.find(R"("errors":[{"task":2,"error":"task 2 failed"}])") != std::string::npos);
    CHECK(p.out.find(R"("outcome":"failed")") != std::string::npos);
    CHECK(p.out.find(R"("worker_reports":[])") != std::string::npos); // no worker died
    CHECK(p.out.find(R"("worker_events":[])") != std::string::npos);
    const auto t = run_threadlab("run pool --mode thread-per-task --tasks 6 --task-ms 1 --json");
    REQUIRE(t.status == 0);
    CHECK(t.out.find("\"distinct_workers\":6") != std::string::npos);
    CHECK(t.out.find("\"mean_thread_create_us\":null") == std::string::npos);
}

TEST_CASE("Cli.Pool.BadInput.ExitStatus2") {
    for (const char* args : {"run pool --workers 0", "run pool --workers 33", "run pool --tasks 1001",
                             "run pool --mode fork", "run pool --submit later", "run pool --order random",
                             "run pool --fail-task -1"}) {
        CAPTURE(args);
        const auto r = run_threadlab(args);
        CHECK(r.status == 2);
        CHECK_FALSE(r.err.empty());
    }
}
