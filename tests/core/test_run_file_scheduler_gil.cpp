// Save run / Open run for the scheduler (the replayed schedule, recomputed from the saved jobs,
// and how far it had played) and the gil demo (its measurements and the sweeps' plots).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/demos/gil.hpp"
#include "core/demos/scheduler.hpp"
#include "tests/support/run_demo.hpp"
#include "tests/support/run_file_check.hpp"

using namespace tl;
using tl::test::check_round_trip;
using tl::test::run_to_end;

namespace {

void same_schedule(const SchedulerDemo& a, const Demo& opened) {
    const auto& b = dynamic_cast<const SchedulerDemo&>(opened);
    CHECK(a.played_units() == b.played_units());
    const auto sa = a.schedule(), sb = b.schedule();
    CHECK(sa.makespan == sb.makespan);
    CHECK(sa.lanes.size() == sb.lanes.size());
    CHECK(sa.gantt.size() == sb.gantt.size());
}

} // namespace

TEST_CASE("RunFile.RoundTrip.Scheduler") {
    SchedulerDemo d;
    REQUIRE(d.set_param_text("unit-ms", "20"));
    SUBCASE("played to the end") {
        REQUIRE(d.set_param_text("jobs", "A:0:2,B:1:2:io=1@1"));
        REQUIRE(d.set_param_text("algorithm", "rr"));
        run_to_end(d);
        CHECK(d.played_units() == d.schedule().makespan);
        check_round_trip(d, [&d](const Demo& b) { same_schedule(d, b); });
    }
    SUBCASE("stopped half way, then the parameters changed") {
        REQUIRE(d.set_param_text("jobs", "A:0:30,B:0:30"));
        REQUIRE(d.set_param_text("unit-ms", "100")); // 6 s in all: stopped long before the end
        d.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
        d.poll();
        d.stop();
        CHECK(d.played_units() < d.schedule().makespan);
        // The view still shows the replayed run until a parameter changes; the file follows.
        check_round_trip(d, [&d](const Demo& b) { same_schedule(d, b); });
        REQUIRE(d.set_param_text("algorithm", "sjf"));
        check_round_trip(d, [&d](const Demo& b) { same_schedule(d, b); });
    }
}

TEST_CASE("RunFile.BadState.Scheduler") {
    SchedulerDemo d;
    REQUIRE(d.set_param_text("unit-ms", "20"));
    REQUIRE(d.set_param_text("jobs", "A:0:1"));
    run_to_end(d);
    SchedulerDemo b;
    std::string err;
    Json j = run_to_json(d);
    j["state"]["played"]["jobs"] = "A:0";
    CHECK_FALSE(run_from_json(b, j, "s.tlrun.json", &err));
    CHECK(err.find("'state': 'played.jobs': ") != std::string::npos);
    j = run_to_json(d);
    j["state"]["played"]["units"] = 5;
    CHECK_FALSE(run_from_json(b, j, "s.tlrun.json", &err));
    CHECK(err == "'s.tlrun.json': 'state': 'played.units' is outside the schedule");
    j = run_to_json(d);
    j["state"]["played"]["cpus"] = 9;
    CHECK_FALSE(run_from_json(b, j, "s.tlrun.json", &err));
    CHECK(err.find("'played.cpus' is out of range") != std::string::npos);
    CHECK(b.recorded() == nullptr);
}

TEST_CASE("RunFile.RoundTrip.Gil") {
    GilDemo d;
    SUBCASE("cpu work, GIL on") {
        REQUIRE(d.set_param_text("threads", "2"));
        REQUIRE(d.set_param_text("work-ms", "10"));
        run_to_end(d);
        REQUIRE(d.measured().finished);
    }
    SUBCASE("the balance race") {
        REQUIRE(d.set_param_text("threads", "2"));
        REQUIRE(d.set_param_text("work", "balance"));
        REQUIRE(d.set_param_text("iterations", "1000"));
        run_to_end(d);
    }
    SUBCASE("the race sweep") {
        d.set_race_iterations(200);
        d.start_sweep(GilDemo::Sweep::Race);
        while (d.running()) {
            d.poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        d.stop();
        REQUIRE_FALSE(d.race_points().empty());
    }
    check_round_trip(d, [&d](const Demo& opened) {
        const auto& b = dynamic_cast<const GilDemo&>(opened);
        CHECK(b.sweep_kind() == d.sweep_kind());
        CHECK(b.mode() == d.mode());
        CHECK(b.work() == d.work());
        CHECK(b.threads() == d.threads());
        CHECK(b.threads_started() == d.threads_started());
        CHECK(b.measured().finished == d.measured().finished);
        CHECK(b.measured().switches == d.measured().switches);
        CHECK(b.race_points().size() == d.race_points().size());
    });
}

TEST_CASE("RunFile.BadState.Gil") {
    GilDemo d;
    REQUIRE(d.set_param_text("threads", "1"));
    REQUIRE(d.set_param_text("work-ms", "10"));
    run_to_end(d);
    GilDemo b;
    std::string err;
    Json j = run_to_json(d);
    j["state"]["measured"]["wall_ms"] = "slow";
    CHECK_FALSE(run_from_json(b, j, "g.tlrun.json", &err));
    CHECK(err == "'g.tlrun.json': 'state': 'measured.wall_ms' is not a number");
    j = run_to_json(d);
    j["state"]["gil"] = 7;
    CHECK_FALSE(run_from_json(b, j, "g.tlrun.json", &err));
    CHECK(err.find("'gil' is 7, of no known kind") != std::string::npos);
    CHECK(b.recorded() == nullptr);
}
