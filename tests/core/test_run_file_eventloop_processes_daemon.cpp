// Save run / Open run for the event loop, processes and daemon demos: a short run reopens
// identically (spans, markers, metrics, result, the file written again), an opened run spawns
// nothing and keeps the recorded pids, and one bad state field is named in the message.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/demos/daemon.hpp"
#include "core/demos/eventloop.hpp"
#include "core/demos/processes.hpp"
#include "tests/support/children.hpp"
#include "tests/support/run_demo.hpp"
#include "tests/support/run_file_check.hpp"

using namespace tl;
using tl::test::check_round_trip;
using tl::test::run_to_end;
using tl::test::temp_file;

namespace {

void set(Demo& d, const char* key, const char* text) {
    std::string err;
    REQUIRE_MESSAGE(d.set_param_text(key, text, &err), err);
}

/// The message opening `j` gives (it must fail), the demo left usable.
std::string open_error(const Json& j, std::string_view id) {
    const auto path = temp_file(std::string(id) + "-bad.json");
    std::ofstream(path) << j.dump();
    auto d = make_demo(id);
    std::string err;
    const bool ok = open_run(*d, path.string(), &err);
    std::filesystem::remove(path);
    CHECK_FALSE(ok);
    CHECK(d->recorded() == nullptr);
    CHECK_FALSE(d->started());
    return err;
}

} // namespace

TEST_CASE("RunFile.RoundTrip.EventLoop") {
    EventLoopDemo d;
    set(d, "steps", "2");
    set(d, "step-ms", "10");
    SUBCASE("gather, blocking call") {
        set(d, "tasks", "3");
        set(d, "blocking", "on");
        set(d, "blocking-task", "2");
        set(d, "blocking-ms", "20");
    }
    SUBCASE("one after another") {
        set(d, "tasks", "2");
        set(d, "style", "sequential");
    }
    SUBCASE("generator") { set(d, "variant", "generator"); }
    run_to_end(d);
    REQUIRE(d.measured().finished);
    check_round_trip(d, [&](const Demo& opened) {
        const auto& b = dynamic_cast<const EventLoopDemo&>(opened);
        CHECK(b.variant() == d.variant());
        CHECK(b.style() == d.style());
        CHECK(b.measured().finish_order == d.measured().finish_order);
        CHECK(b.measured().replies == d.measured().replies);
        CHECK(b.measured().blocking_calls == d.measured().blocking_calls);
        CHECK(b.sleep_sum_ms() == d.sleep_sum_ms());
        // Its own "steps" field is not a controlled run's step count (the timeline's axis is in time).
        REQUIRE(opened.recorded());
        CHECK(opened.recorded()->schedule.empty());
    });
}

TEST_CASE("RunFile.RoundTrip.Processes") {
    ProcessesDemo d;
    set(d, "workers", "2");
    set(d, "per-worker", "100");
    set(d, "count-ms", "0");
    SUBCASE("threads") { set(d, "mode", "threads"); }
    SUBCASE("processes") { set(d, "mode", "processes"); }
    SUBCASE("processes-ipc") { set(d, "mode", "processes-ipc"); }
    run_to_end(d);
    REQUIRE(test::no_children_left());
    check_round_trip(d, [&](const Demo& opened) {
        const auto& b = dynamic_cast<const ProcessesDemo&>(opened);
        CHECK(test::no_children_left()); // opening spawned nothing
        CHECK(b.child_pids() == d.child_pids());
        CHECK(b.parent_pid() == d.parent_pid());
        CHECK(b.parent_counter() == d.parent_counter());
        REQUIRE(b.workers().size() == d.workers().size());
        for (std::size_t i = 0; i < b.workers().size(); ++i) {
            CHECK(b.workers()[i].pid == d.workers()[i].pid);
            CHECK(b.workers()[i].counter == d.workers()[i].counter);
            CHECK(b.workers()[i].exit == d.workers()[i].exit);
        }
        CHECK(b.messages().size() == d.messages().size());
        CHECK(b.channel_sum("queue") == d.channel_sum("queue"));
    });
    CHECK(test::no_children_left()); // Start's live run again: reaped on stop
}

TEST_CASE("RunFile.RoundTrip.Daemon") {
    DaemonDemo d;
    set(d, "daemons", "2");
    set(d, "workers", "1");
    set(d, "main-ms", "0");
    set(d, "daemon-ms", "2000");
    set(d, "worker-ms", "30");
    set(d, "step-ms", "10");
    run_to_end(d);
    REQUIRE(d.outcome_now().reaped);
    check_round_trip(d, [&](const Demo& opened) {
        const auto& b = dynamic_cast<const DaemonDemo&>(opened);
        CHECK(test::no_children_left());
        CHECK(b.outcome_now().pid == d.outcome_now().pid);
        CHECK(b.outcome_now().exit == d.outcome_now().exit);
        CHECK(b.daemon_started() - b.daemon_finished() == d.daemon_started() - d.daemon_finished());
        CHECK(b.main_exit_at() == d.main_exit_at());
        CHECK(b.process_exit_at() == d.process_exit_at());
        REQUIRE(b.threads().size() == 3);
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(b.threads()[i].tid == d.threads()[i].tid);
            CHECK(b.threads()[i].steps_done == d.threads()[i].steps_done);
            CHECK(b.threads()[i].finished == d.threads()[i].finished);
        }
    });
    CHECK(test::no_children_left());
}

TEST_CASE("RunFile.BadStateField.EventLoopProcessesDaemon") {
    // A field of the wrong type, one missing, one out of range: each named with its place.
    {
        EventLoopDemo d;
        set(d, "tasks", "1");
        set(d, "steps", "1");
        set(d, "step-ms", "10");
        run_to_end(d);
        Json j = run_to_json(d);
        j["state"]["measured"]["wall_ms"] = "slow";
        CHECK(open_error(j, d.id()).find("'state': 'measured.wall_ms' is not a number") != std::string::npos);
        j = run_to_json(d);
        j["state"]["variant"] = 7;
        CHECK(open_error(j, d.id()).find("'variant' is 7, not 0 to 1") != std::string::npos);
    }
    {
        ProcessesDemo d;
        set(d, "mode", "processes");
        set(d, "workers", "2");
        set(d, "per-worker", "10");
        set(d, "count-ms", "0");
        run_to_end(d);
        Json j = run_to_json(d);
        j["state"]["worker_states"][1]["pid"] = "1234";
        CHECK(open_error(j, d.id()).find("'worker_states[1].pid' is not a whole number") != std::string::npos);
        j = run_to_json(d);
        j["state"].erase("parent_counter");
        CHECK(open_error(j, d.id()).find("'parent_counter' is missing") != std::string::npos);
    }
    {
        DaemonDemo d;
        set(d, "daemons", "1");
        set(d, "workers", "0");
        set(d, "main-ms", "0");
        set(d, "daemon-ms", "1000");
        set(d, "step-ms", "10");
        run_to_end(d);
        Json j = run_to_json(d);
        j["state"]["outcome"]["exit"] = 0;
        CHECK(open_error(j, d.id()).find("'outcome.exit' is not text") != std::string::npos);
        j = run_to_json(d);
        j["state"]["threads"][0]["steps_done"] = 1001;
        CHECK(open_error(j, d.id()).find("'threads[0].steps_done' is 1001") != std::string::npos);
    }
    CHECK(test::no_children_left());
}
