// Save run / Open run for the philosophers: the table, the deadlock analysis (cycles with their
// times, breaks, holders), lock-order inversions and the livelock test come back as they were.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/demos/philosophers.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"
#include "tests/support/run_file_check.hpp"

using namespace tl;
using namespace std::chrono;
using tl::test::check_round_trip;
using tl::test::poll_until;
using tl::test::run_to_end;

namespace {

void set_all(Demo& d, std::initializer_list<std::pair<const char*, const char*>> kv) {
    for (const auto& [k, v] : kv) REQUIRE_MESSAGE(d.set_param_text(k, v), k);
}

/// What the table and its banners are drawn from, equal in both demos.
void check_same_table(const PhilosophersDemo& a, const PhilosophersDemo& b) {
    CHECK(a.count() == b.count());
    CHECK(a.deadlocked_now() == b.deadlocked_now());
    CHECK(a.deadlocked() == b.deadlocked());
    CHECK(a.deadlock_cycle() == b.deadlock_cycle());
    CHECK(a.first_cycle() == b.first_cycle());
    CHECK(a.detected_after_ms() == b.detected_after_ms());
    CHECK(a.breaks() == b.breaks());
    CHECK(a.livelock() == b.livelock());
    CHECK(a.livelock_now() == b.livelock_now());
    CHECK(a.meal_rate() == b.meal_rate());
    CHECK((a.first_inversion() == nullptr) == (b.first_inversion() == nullptr));
    if (a.first_inversion() && b.first_inversion()) {
        const auto ea = a.first_inversion()->oldest_first(), eb = b.first_inversion()->oldest_first();
        REQUIRE(ea.size() == eb.size());
        for (std::size_t i = 0; i < ea.size(); ++i)
            CHECK((ea[i].from == eb[i].from && ea[i].to == eb[i].to && ea[i].lane == eb[i].lane && ea[i].obtained == eb[i].obtained));
    }
    for (int k = 0; k < a.lock_count(); ++k) {
        CHECK(a.lock_holder(k) == b.lock_holder(k));
        CHECK(a.lock_holds(k) == b.lock_holds(k));
    }
    const auto sa = a.seats(), sb = b.seats();
    REQUIRE(sa.size() == sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i) {
        CAPTURE(i);
        CHECK(sa[i].phase == sb[i].phase);
        CHECK(sa[i].waiting_for == sb[i].waiting_for);
        CHECK(sa[i].holding == sb[i].holding);
        CHECK(sa[i].meals == sb[i].meals);
        CHECK(sa[i].longest_wait_ms == sb[i].longest_wait_ms);
        CHECK(sa[i].in_deadlock == sb[i].in_deadlock);
    }
}

void round_trip(PhilosophersDemo& d) {
    check_round_trip(d, [&d](const Demo& opened) { check_same_table(d, dynamic_cast<const PhilosophersDemo&>(opened)); });
}

} // namespace

TEST_CASE("RunFile.RoundTrip.Philosophers") {
    PhilosophersDemo d;
    SUBCASE("deadlocked, broken once, stopped") {
        set_all(d, {{"strategy", "naive"}, {"think-ms", "0"}, {"eat-ms", "10"}, {"hesitate-ms", "100"}, {"jitter", "off"},
                    {"duration-ms", "0"}, {"philosophers", "4"}});
        d.start();
        REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin));
        REQUIRE(d.break_deadlock());
        REQUIRE(poll_until(d, [&] { return d.total_meals() >= 1; }, tl::test::kHappensWithin));
        d.stop();
        REQUIRE(d.deadlocked());
        CHECK(d.breaks() == 1);
        CHECK(d.first_inversion() != nullptr);
        round_trip(d);
    }
    SUBCASE("seeded, a few meals each") {
        set_all(d, {{"strategy", "naive"}, {"meals", "2"}, {"think-ms", "1"}, {"eat-ms", "1"}, {"hesitate-ms", "1"}});
        d.set_schedule({ScheduleMode::Seeded, 11, {}, false});
        tl::test::run_controlled(d); // all fed, or deadlocked: either is a run to save
        d.stop();
        round_trip(d);
    }
    SUBCASE("noodles, one plain lock: a self-deadlock") {
        set_all(d, {{"variant", "noodles"}, {"locks", "one-plain"}, {"philosophers", "2"}, {"think-ms", "1"}, {"duration-ms", "0"}});
        d.start();
        REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin));
        d.stop();
        round_trip(d);
    }
}

TEST_CASE("RunFile.FrozenCopy.Philosophers") {
    // Freeze picture copies a running demo through the saved-run path: a deadlocked table's
    // copy shows the same cycle, holders and waits (the DEADLOCK banner), though nothing runs.
    PhilosophersDemo d;
    set_all(d, {{"strategy", "naive"}, {"think-ms", "0"}, {"eat-ms", "10"}, {"hesitate-ms", "100"}, {"jitter", "off"},
                {"duration-ms", "0"}});
    d.start();
    REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin));
    PhilosophersDemo copy;
    std::string err;
    REQUIRE_MESSAGE(run_from_json(copy, run_to_json(d), "", &err), err);
    CHECK_FALSE(copy.running());
    CHECK(copy.deadlocked_now());
    for (int k = 0; k < d.lock_count(); ++k) CHECK(copy.lock_holder(k) == d.lock_holder(k));
    const auto live = d.seats(), shown = copy.seats();
    REQUIRE(live.size() == shown.size());
    for (std::size_t i = 0; i < live.size(); ++i) {
        CHECK(shown[i].in_deadlock);
        CHECK(shown[i].waiting_for == live[i].waiting_for);
        CHECK(shown[i].hungry_ms > 0); // the hungry spell as it was when frozen, not zero
    }
    CHECK(copy.deadlock_cycle() == d.deadlock_cycle());
    d.stop();
}

TEST_CASE("RunFile.BadState.Philosophers") {
    PhilosophersDemo d;
    set_all(d, {{"meals", "1"}, {"think-ms", "0"}, {"eat-ms", "0"}, {"hesitate-ms", "0"}});
    d.set_schedule({ScheduleMode::Seeded, 3, {}, false});
    tl::test::run_controlled(d);
    d.stop();
    PhilosophersDemo b;
    std::string err;
    Json j = run_to_json(d);
    j["state"]["philosophers"][1]["meals"] = "many";
    CHECK_FALSE(run_from_json(b, j, "x.tlrun.json", &err));
    CHECK(err == "'x.tlrun.json': 'state': 'philosophers[1].meals' is not a whole number");
    CHECK(b.recorded() == nullptr);
    j = run_to_json(d);
    j["state"]["philosophers"].erase(0); // one philosopher fewer than the table has
    CHECK_FALSE(run_from_json(b, j, "x.tlrun.json", &err));
    CHECK(err.find("'philosophers' has 4 items, not 5") != std::string::npos);
    j = run_to_json(d);
    j["state"]["deadlocks"] = Json::array({{{"lanes", {9}}, {"locks", {1}}, {"formed", 0}, {"detected", 1}, {"resolved", 0}}});
    CHECK_FALSE(run_from_json(b, j, "x.tlrun.json", &err));
    CHECK_MESSAGE(err.find("'deadlocks[0].lanes[0]' is no philosopher of this table") != std::string::npos, err);
    // Still usable afterwards.
    CHECK(run_from_json(b, run_to_json(d), "x.tlrun.json", &err));
}
