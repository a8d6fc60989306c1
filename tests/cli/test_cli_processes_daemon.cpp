#include <doctest/doctest.h>

#include "run_threadlab.hpp"

using tl::test::run_threadlab;

TEST_CASE("Cli.Processes.JsonInEveryMode") {
    // The children are the threadlab executable itself, as `threadlab processes-child`.
    const auto t = run_threadlab("run processes --mode threads --workers 2 --per-worker 50 --count-ms 0 --json");
    REQUIRE(t.status == 0);
    CHECK(t.out.find(R"("parent_counter":100,)") != std::string::npos);
    const auto p = run_threadlab("run processes --mode processes --workers 2 --per-worker 50 --count-ms 0 --json");
    REQUIRE(p.status == 0);
    CHECK(p.out.find(R"("parent_counter":0,"child_counters":[50,50])") != std::string::npos);
    CHECK(p.out.find(R"("children_reaped":2)") != std::string::npos);
    const auto i = run_threadlab("run processes --mode processes-ipc --workers 2 --per-worker 50 --count-ms 0 --json");
    REQUIRE(i.status == 0);
    CHECK(i.out.find(R"("parent_sum":100)") != std::string::npos);
    CHECK(i.out.find(R"("queue_sum":100)") != std::string::npos);
}

TEST_CASE("Cli.Daemon.JsonAndHelp") {
    const auto r = run_threadlab("run daemon --main-ms 50 --worker-ms 100 --daemon-ms 3000 --step-ms 50 --json");
    REQUIRE(r.status == 0);
    for (const char* key : {R"("daemon_started":2,"daemon_finished":0,"daemon_killed":2,"non_daemon_finished":1)",
                            R"("main_exit_ms":)", R"("process_exit_ms":)", R"("reaped":true)"})
        CHECK_MESSAGE(r.out.find(key) != std::string::npos, key);
    const auto h = run_threadlab("run daemon --help");
    REQUIRE(h.status == 0);
    CHECK(h.out.find("--daemons 0..4") != std::string::npos);
    CHECK(h.out.find("[default 500]") != std::string::npos);
}

TEST_CASE("Cli.ProcessesDaemon.BadInput.ExitStatus2") {
    for (const char* args : {"run processes --workers 0", "run processes --workers 9", "run processes --mode fork",
                             "run processes --per-worker 0", "run daemon --daemons 5", "run daemon --step-ms 5",
                             "run daemon --main-ms -1"}) {
        CAPTURE(args);
        const auto r = run_threadlab(args);
        CHECK(r.status == 2);
        CHECK_FALSE(r.err.empty());
    }
}
