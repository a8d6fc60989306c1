// The daemon demo spawns this very test binary as `threadlab-tests-core daemon-child`
// (tests/main.cpp routes that argument). Only counts and the order of moments are asserted: the
// margins between the threads' work and the process's end are hundreds of ms to seconds.
#include <doctest/doctest.h>

#include <errno.h>
#include <sys/wait.h>

#include <chrono>

#include "core/demos/daemon.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/children.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::no_children_left;
using tl::test::poll_until;
using tl::test::run_to_end;

namespace {

void setup(DaemonDemo& d, int daemons, int workers, int main_ms, int daemon_ms, int worker_ms) {
    REQUIRE(d.set_param("daemons", daemons));
    REQUIRE(d.set_param("workers", workers));
    REQUIRE(d.set_param("main-ms", main_ms));
    REQUIRE(d.set_param("daemon-ms", daemon_ms));
    REQUIRE(d.set_param("worker-ms", worker_ms));
    REQUIRE(d.set_param("step-ms", 50));
}

const Lane* lane_named(const Demo& d, const std::string& english) {
    for (const Lane& l : d.timeline().lanes())
        if (l.name.english() == english) return &l;
    return nullptr;
}

} // namespace

TEST_CASE("DaemonDemo.DaemonsAreCutOffWhenTheLastNonDaemonEnds") {
    DaemonDemo d;
    setup(d, 2, 1, 100, 3000, 300);
    run_to_end(d);
    const auto o = d.outcome_now();
    CHECK(o.reaped);
    CHECK(o.exit == "exited with status 0");
    REQUIRE(o.main_exit_ms >= 0);
    CHECK(o.main_exit_ms <= o.process_exit_ms);
    CHECK(d.daemon_started() == 2);
    CHECK(d.daemon_finished() == 0);
    CHECK(d.non_daemon_finished() == 1);
    const Json j = d.to_json();
    CHECK(j["daemon_killed"] == j["daemon_started"].get<int>() - j["daemon_finished"].get<int>());
    CHECK(j["daemon_killed"] == 2);
    CHECK(j["non_daemon_finished"] == 1);
    for (const auto& t : d.threads()) {
        CHECK(t.started);
        CHECK(t.tid > 0);
        if (t.daemon) CHECK(t.steps_done < t.steps); // mid-work
        else CHECK(t.steps_done == t.steps);
    }
    // The child's threads are lanes of the parent's timeline, cut off where the process ended.
    const Nanos end = d.process_exit_at();
    REQUIRE(end > 0);
    CHECK(d.main_exit_at() <= end);
    for (const std::string name : {"Main thread", "Daemon 1", "Daemon 2", "Worker 1"}) {
        CAPTURE(name);
        const Lane* l = lane_named(d, name);
        REQUIRE(l != nullptr);
        REQUIRE_FALSE(l->spans.empty());
        CHECK(l->spans.back().end <= end);
    }
    CHECK(test::lanes_that_were(d, ThreadState::Working) == 3);
    CHECK(test::lanes_that_were(d, DaemonDemo::kWaitingForThreads) == 1); // main, between its end and the exit
    CHECK(no_children_left());
}

TEST_CASE("DaemonDemo.WithoutNonDaemonsTheProcessEndsWithItsMainCode") {
    DaemonDemo d;
    setup(d, 2, 0, 100, 3000, 100);
    run_to_end(d);
    const Json j = d.to_json();
    CHECK(j["non_daemon_finished"] == 0);
    CHECK(j["daemon_finished"] == 0);
    CHECK(j["daemon_killed"] == j["daemon_started"]);
    CHECK(j["main_exit_ms"].get<double>() <= j["process_exit_ms"].get<double>());
    CHECK(no_children_left());
}

TEST_CASE("DaemonDemo.DaemonsFinishWhileANonDaemonKeepsTheProcessAlive") {
    DaemonDemo d;
    setup(d, 2, 1, 0, 100, 1500);
    run_to_end(d);
    CHECK(d.daemon_started() == 2);
    CHECK(d.daemon_finished() == 2);
    CHECK(d.non_daemon_finished() == 1);
    CHECK(d.to_json()["daemon_killed"] == 0);
}

TEST_CASE("DaemonDemo.StopAndResetKillAndReapTheChild") {
    for (bool reset : {false, true}) {
        CAPTURE(reset);
        DaemonDemo d;
        setup(d, 1, 1, 5000, 10000, 10000); // would run for 10 s
        d.start();
        REQUIRE(poll_until(d, [&] { return d.daemon_started() == 1; }, tl::test::kHappensWithin));
        const auto t0 = std::chrono::steady_clock::now();
        if (reset)
            d.reset();
        else
            d.stop();
        CHECK(std::chrono::steady_clock::now() - t0 < test::kStopFinishes);
        CHECK_FALSE(d.running());
        CHECK(no_children_left());
    }
}
