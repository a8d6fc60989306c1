// The controlled scheduler: seeded and replayed runs are exact, step mode lets only a thread
// that can move go, a deadlock is seen, a schedule that does not fit is an error, stops join.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <sstream>

#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/sched/explorer.hpp"
#include "core/sched/schedule_text.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::run_controlled;

namespace {

// Everything the timeline holds, times relative to the run's first event: the run's events
// in order, as one string.
std::string signature(const Demo& d) {
    std::ostringstream out;
    const Nanos t0 = d.timeline().first_ts();
    for (const Lane& l : d.timeline().lanes()) {
        out << "lane " << l.name.english() << ':';
        for (const Span& s : l.spans) out << ' ' << (s.start - t0) << '/' << static_cast<int>(s.state) << '/' << s.object;
        for (const Marker& m : l.markers) out << " m" << (m.ts - t0) << '/' << static_cast<int>(m.kind) << '/' << m.value;
        out << '\n';
    }
    return out.str();
}


} // namespace

TEST_CASE("Scheduler.Seeded.SameSeedSameRun.ReplayIsExact") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 3));
    REQUIRE(d.set_param_text("lock", "off"));
    d.set_schedule({.mode = ScheduleMode::Seeded, .seed = 7});
    REQUIRE(run_controlled(d) == Scheduler::Phase::Finished);
    const std::vector<int> schedule = d.scheduler()->schedule();
    d.stop();
    const std::string events = signature(d);
    const Json result = d.outcome();
    REQUIRE(!schedule.empty());
    REQUIRE(!events.empty());

    // The same seed again: the same schedule.
    REQUIRE(run_controlled(d) == Scheduler::Phase::Finished);
    CHECK(d.scheduler()->schedule() == schedule);
    d.stop();

    // Its schedule replayed 100 times: the same events in the same order, the same result.
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = schedule});
    for (int i = 0; i < 100; ++i) {
        CAPTURE(i);
        REQUIRE(run_controlled(d) == Scheduler::Phase::Finished);
        d.stop();
        CHECK(signature(d) == events);
        CHECK(d.outcome() == result);
    }
}

TEST_CASE("Scheduler.Seeded.SeedsGiveDifferentInterleavings") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 3));
    REQUIRE(d.set_param_text("lock", "off"));
    std::set<std::vector<int>> schedules;
    std::set<std::string> outcomes;
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        d.set_schedule({.mode = ScheduleMode::Seeded, .seed = seed});
        REQUIRE(run_controlled(d) == Scheduler::Phase::Finished);
        schedules.insert(d.scheduler()->schedule());
        d.stop();
        outcomes.insert(d.outcome().dump());
    }
    CHECK(schedules.size() > 10);
    CHECK(outcomes.size() >= 2); // a race that always gave the same number would teach nothing
}

TEST_CASE("Scheduler.Replay.ShortestLosingScheduleLosesEveryTime") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 2));
    REQUIRE(d.set_param_text("lock", "off"));
    const ExploreReport r = explore(d, {});
    REQUIRE(r.complete);
    const ExploreFailure* lost = nullptr;
    for (const auto& f : r.failures)
        if (f.kind == "lost_update") lost = &f;
    REQUIRE(lost != nullptr);
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = lost->shortest});
    for (int i = 0; i < 20; ++i) {
        REQUIRE(run_controlled(d) == Scheduler::Phase::Finished);
        d.stop();
        CHECK(d.outcome() == Json(1100));
        CHECK(d.failures() == std::vector<std::string>{"lost_update"});
    }
}

TEST_CASE("Scheduler.Replay.ScheduleThatDoesNotFitIsAnError") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 2));
    SUBCASE("a thread that does not exist") {
        d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 4}});
        REQUIRE(run_controlled(d) == Scheduler::Phase::Failed);
        CHECK(d.scheduler()->snapshot().error.find("step 2: there is no thread 5") != std::string::npos);
    }
    SUBCASE("a thread that is blocked") {
        d.set_schedule({.mode = ScheduleMode::Replay, .schedule = std::vector<int>(40, 0)});
        REQUIRE(run_controlled(d) == Scheduler::Phase::Failed);
        const std::string e = d.scheduler()->snapshot().error;
        CHECK(e.find("step ") == 0);
        CHECK(e.find("thread 1") != std::string::npos);
    }
    SUBCASE("too short") {
        d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 1}});
        REQUIRE(run_controlled(d) == Scheduler::Phase::Failed);
        CHECK(d.scheduler()->snapshot().error.find("the schedule has ended") != std::string::npos);
    }
    SUBCASE("too long") {
        d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0}});
        const Scheduler::Phase p = run_controlled(d);
        CHECK(p == Scheduler::Phase::Failed);
        CHECK(d.scheduler()->snapshot().error.find("schedule has 13") != std::string::npos);
    }
    d.stop();
    CHECK_FALSE(d.running());
}

TEST_CASE("Scheduler.Step.OnlyAThreadThatCanMoveIsChosen.DeadlockIsSeen") {
    PhilosophersDemo d;
    REQUIRE(d.set_param("philosophers", 2));
    REQUIRE(d.set_param("meals", 1));
    REQUIRE(d.set_param_text("strategy", "naive"));
    const ExploreReport r = explore(d, {});
    REQUIRE(r.complete);
    REQUIRE(!r.failures.empty());
    REQUIRE(r.failures.front().kind == "deadlock");
    std::vector<int> prefix = r.failures.front().shortest;
    const int last = prefix.back();
    prefix.pop_back();

    // One step before the deadlock: one philosopher waits for a fork the other holds.
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = prefix, .then_step = true});
    REQUIRE(run_controlled(d) == Scheduler::Phase::Waiting);
    Scheduler& s = *d.scheduler();
    const auto snap = s.snapshot();
    int blocked = -1;
    for (const ActorSlot& a : snap.actors)
        if (!a.enabled) blocked = a.index;
    REQUIRE(blocked >= 0);
    CHECK(snap.actors[static_cast<std::size_t>(blocked)].op.kind == OpKind::WaitLock);
    std::string why;
    CHECK_FALSE(s.choose(blocked, &why));
    CHECK(why.find("cannot move") != std::string::npos);
    CHECK(s.steps() == static_cast<int>(prefix.size())); // nothing happened

    // The last step closes the cycle: nobody can move, and the wait-for graph names it.
    REQUIRE(s.choose(last));
    CHECK(s.phase() == Scheduler::Phase::Deadlocked);
    d.poll();
    CHECK(tl::test::poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin));

    const auto t0 = std::chrono::steady_clock::now();
    d.stop();
    CHECK_FALSE(d.running());
    CHECK(std::chrono::steady_clock::now() - t0 < tl::test::kStopFinishes); // a safety net, not a target
}

TEST_CASE("Scheduler.Step.StopAndResetFromEveryPhase") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 4));
    d.set_schedule({.mode = ScheduleMode::Step});
    for (int steps : {0, 1, 5}) {
        CAPTURE(steps);
        REQUIRE(run_controlled(d) == Scheduler::Phase::Waiting);
        for (int i = 0; i < steps; ++i) REQUIRE(d.scheduler()->choose(d.scheduler()->snapshot().actors.front().enabled ? 0 : 1));
        if (steps == 5) {
            d.reset();
        } else {
            d.stop();
        }
        CHECK_FALSE(d.running());
    }
}

TEST_CASE("Scheduler.Step.EachChoiceIsOneStep") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 2));
    d.set_schedule({.mode = ScheduleMode::Step});
    REQUIRE(run_controlled(d) == Scheduler::Phase::Waiting);
    Scheduler& s = *d.scheduler();
    // Donor 1 to the end of its donation, then donor 2: no update is lost.
    std::vector<int> taken;
    while (s.phase() == Scheduler::Phase::Waiting) {
        const auto snap = s.snapshot();
        const int pick = snap.actors[0].status != ActorSlot::Status::Finished && snap.actors[0].enabled ? 0 : 1;
        const int before = s.steps();
        REQUIRE(s.choose(pick));
        CHECK(s.steps() == before + 1);
        taken.push_back(pick);
    }
    CHECK(s.phase() == Scheduler::Phase::Finished);
    CHECK(s.schedule() == taken);
    d.stop();
    CHECK(d.outcome() == Json(1200));
}

TEST_CASE("Scheduler.ScheduleText") {
    std::string err;
    auto s = parse_schedule("1 1 2\n# a comment\n2, 1", &err);
    REQUIRE(s);
    CHECK(*s == std::vector<int>{0, 0, 1, 1, 0});
    CHECK(format_schedule(*s) == "1 1 2 2 1");
    CHECK_FALSE(parse_schedule("1 x 2", &err));
    CHECK(err.find("step 2") != std::string::npos);
    CHECK_FALSE(parse_schedule("1 0", &err));
    CHECK(err.find("out of range") != std::string::npos);
    CHECK_FALSE(read_schedule_arg("", &err));
    CHECK(err.find("no steps") != std::string::npos);
    CHECK_FALSE(read_schedule_arg("@/nonexistent/schedule.txt", &err));
    CHECK(err.find("cannot read") != std::string::npos);
}
