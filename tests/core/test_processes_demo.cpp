// The processes demo spawns this very test binary as `threadlab-tests-core processes-child`
// (tests/main.cpp routes that argument). Counts and pids are asserted, never times.
#include <doctest/doctest.h>

#include <errno.h>
#include <sys/wait.h>

#include <chrono>
#include <set>

#include "core/demos/processes.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/children.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::no_children_left;
using tl::test::poll_until;
using tl::test::run_to_end;

namespace {

void setup(ProcessesDemo& d, const char* mode, std::int64_t workers, std::int64_t per, std::int64_t count_ms) {
    REQUIRE(d.set_param_text("mode", mode));
    REQUIRE(d.set_param("workers", workers));
    REQUIRE(d.set_param("per-worker", per));
    REQUIRE(d.set_param("count-ms", count_ms));
}

} // namespace

TEST_CASE("ProcessesDemo.Threads.AllChangeTheOneGlobal") {
    ProcessesDemo d;
    setup(d, "threads", 4, 5000, 0);
    run_to_end(d);
    CHECK(d.parent_counter() == 4 * 5000);
    const Json j = d.to_json();
    CHECK(j["mode"] == "threads");
    CHECK(j["parent_counter"] == 20000);
    CHECK(j["child_counters"].empty());
    std::set<std::int64_t> pids, tids;
    for (const auto& p : j["pids"]) pids.insert(p.get<std::int64_t>());
    for (const auto& t : j["tids"]) tids.insert(t.get<std::int64_t>());
    CHECK(pids == std::set<std::int64_t>{d.parent_pid()}); // one process
    CHECK(tids.size() == 4);                                // four threads in it
    CHECK(j["messages"].empty());
}

TEST_CASE("ProcessesDemo.Processes.EachChildChangesItsOwnCopy") {
    ProcessesDemo d;
    setup(d, "processes", 3, 5000, 0);
    run_to_end(d);
    CHECK(d.parent_counter() == 0); // processes do not share globals
    const auto ws = d.workers();
    REQUIRE(ws.size() == 3);
    std::set<std::int64_t> pids;
    for (const auto& w : ws) {
        CHECK(w.counter == 5000);
        CHECK(w.finished);
        CHECK(w.reaped);
        CHECK(w.exit == "exited with status 0");
        CHECK(w.pid != d.parent_pid());
        pids.insert(w.pid);
    }
    CHECK(pids.size() == 3);
    const Json j = d.to_json();
    CHECK(j["parent_counter"] == 0);
    CHECK(j["child_counters"] == Json::array({5000, 5000, 5000}));
    CHECK(j["children_reaped"] == 3);
    CHECK(j["messages"].empty());
    CHECK(no_children_left());
}

TEST_CASE("ProcessesDemo.Ipc.TheParentSumsWhatThePipesAndTheQueueBring") {
    ProcessesDemo d;
    setup(d, "processes-ipc", 3, 4000, 0);
    run_to_end(d);
    CHECK(d.parent_counter() == 0);
    CHECK(d.channel_sum("pipe") == 3 * 4000);
    CHECK(d.channel_sum("queue") == 3 * 4000);
    // One message per child on each channel, from that child's pid.
    std::multiset<std::pair<std::int64_t, std::string>> seen;
    for (const auto& m : d.messages()) {
        CHECK(m.value == 4000);
        REQUIRE(m.worker >= 0);
        CHECK(d.workers()[static_cast<std::size_t>(m.worker)].pid == m.pid);
        seen.insert({m.pid, m.channel});
    }
    CHECK(seen.size() == 6);
    for (const auto& w : d.workers()) {
        CHECK(seen.count({w.pid, "pipe"}) == 1);
        CHECK(seen.count({w.pid, "queue"}) == 1);
    }
    const Json j = d.to_json();
    CHECK(j["parent_sum"] == 12000);
    CHECK(j["messages"].size() == 6);
    CHECK(no_children_left());
}

TEST_CASE("ProcessesDemo.StopAndResetKillAndReapChildrenMidWork") {
    for (const char* mode : {"processes", "processes-ipc"}) {
        CAPTURE(mode);
        ProcessesDemo d;
        setup(d, mode, 2, 1000, 10000); // the children would count for 10 s
        d.start();
        REQUIRE(poll_until(
            d,
            [&] {
                for (const auto& w : d.workers())
                    if (!w.started) return false;
                return true;
            },
            std::chrono::seconds(60)));
        const auto t0 = std::chrono::steady_clock::now();
        if (std::string(mode) == "processes")
            d.stop();
        else
            d.reset();
        CHECK(std::chrono::steady_clock::now() - t0 < test::kStopFinishes);
        CHECK_FALSE(d.running());
        CHECK(no_children_left()); // killed and reaped: no zombie
    }
}

TEST_CASE("ProcessesDemo.ParamsHaveRanges") {
    ProcessesDemo d;
    CHECK_FALSE(d.set_param("workers", 0));
    CHECK_FALSE(d.set_param("workers", 9));
    CHECK_FALSE(d.set_param_text("mode", "fork"));
    CHECK_FALSE(d.set_param("count-ms", -1));
}
