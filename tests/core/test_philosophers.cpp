#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/demo/registry.hpp"
#include "tests/support/run_demo.hpp"
#include "core/demos/philosophers.hpp"

using namespace tl;
using tl::test::poll_until;
using namespace std::chrono;

// [SECTION] Helpers

using Settings = std::vector<std::pair<std::string, std::string>>;

static void apply(PhilosophersDemo& d, const Settings& s) {
    for (const auto& [k, v] : s) {
        std::string err;
        INFO(k << "=" << v);
        REQUIRE(d.set_param_text(k, v, &err));
    }
}


static milliseconds time_stop(PhilosophersDemo& d) {
    const auto t0 = steady_clock::now();
    d.stop();
    return duration_cast<milliseconds>(steady_clock::now() - t0);
}

static std::string pname(int i) { return std::string("P").append(std::to_string(i)); }

static std::uint64_t fewest(const std::vector<std::uint64_t>& meals) {
    return meals.empty() ? 0 : *std::min_element(meals.begin(), meals.end());
}

// Everyone takes the first fork at once (start barrier, no jitter, no thinking) and hesitates far
// longer than threads take to start: every philosopher holds one fork when it reaches for the
// second, so the deadlock is certain, not likely.
static const Settings kCertainDeadlock = {
    {"strategy", "naive"}, {"think-ms", "0"}, {"eat-ms", "10"}, {"hesitate-ms", "100"}, {"jitter", "off"},
    {"duration-ms", "0"}};

// [SECTION] Deadlocks happen and are found

TEST_CASE("Philosophers.Naive.WithHesitation.DeadlocksAndIsDetected" * doctest::timeout(60)) {
    for (int n : {2, 5, 16}) {
        CAPTURE(n);
        PhilosophersDemo d;
        apply(d, kCertainDeadlock);
        REQUIRE(d.set_param("philosophers", n));
        d.start();
        REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, milliseconds(5000)));
        CHECK(d.total_meals() == 0);

        // The cycle is the whole table, in order, and named.
        std::vector<std::string> expected;
        for (int i = 1; i <= n; ++i) expected.push_back(pname(i));
        CHECK(d.cycle_names() == expected);
        REQUIRE(d.detected_after_ms().has_value());
        CHECK(*d.detected_after_ms() >= 0);
        CHECK(*d.detected_after_ms() < 100);
        const std::string text = d.deadlock_text();
        CHECK(text.rfind("P1 waits for fork 2 held by P2", 0) == 0);
        CHECK(text.find(pname(n) + " waits for fork 1 held by P1") != std::string::npos);
        for (const auto& s : d.seats()) {
            CHECK(s.in_deadlock);
            CHECK(s.phase == PhilosophersDemo::Phase::Hungry);
            CHECK(s.holding.size() == 1);
        }
        CHECK_FALSE(d.lock_order().inversions().empty());
        CHECK_FALSE(d.livelock());

        CHECK(time_stop(d) < milliseconds(200));
        const Json j = d.to_json();
        CHECK(j["deadlocked"] == true);
        CHECK(j["cycle"][0] == "P1");
        CHECK(j["livelock"] == false);
        CHECK(d.errors().empty());
    }
}

TEST_CASE("Philosophers.Noodles.DeadlocksAndIsDetected" * doctest::timeout(60)) {
    for (int n : {2, 6}) {
        CAPTURE(n);
        PhilosophersDemo d;
        apply(d, kCertainDeadlock);
        apply(d, {{"variant", "noodles"}, {"locks", "two"}});
        REQUIRE(d.set_param("philosophers", n));
        d.start();
        REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, milliseconds(5000)));
        // One scientist holds the noodles and wants the fork, one the other way round; the rest
        // queue behind them, outside the cycle.
        const auto names = d.cycle_names();
        REQUIRE(names.size() == 2);
        const auto& cycle = d.deadlocks().current().front().cycle;
        CHECK(cycle.lanes[0] % 2 != cycle.lanes[1] % 2); // an even and an odd scientist
        const std::string text = d.deadlock_text();
        CHECK(text.find("waits for the noodles held by") != std::string::npos);
        CHECK(text.find("waits for the fork held by") != std::string::npos);
        CHECK(*d.detected_after_ms() < 100);
        CHECK_FALSE(d.inversion_text().empty());
        CHECK(time_stop(d) < milliseconds(200));
        CHECK(d.errors().empty());
    }
}

TEST_CASE("Philosophers.SelfDeadlock" * doctest::timeout(60)) {
    PhilosophersDemo d;
    apply(d, {{"variant", "noodles"}, {"philosophers", "3"}, {"think-ms", "0"}, {"eat-ms", "20"},
              {"hesitate-ms", "1"}, {"duration-ms", "0"}});
    SUBCASE("one plain lock for noodles and fork: the holder waits for itself") {
        apply(d, {{"locks", "one-plain"}});
        d.start();
        REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, milliseconds(5000)));
        const auto& cycle = d.deadlocks().current().front().cycle;
        REQUIRE(cycle.lanes.size() == 1);
        const std::string name = d.philosopher_name(cycle.lanes[0]).english();
        CHECK(d.deadlock_text() ==
              name + " waits for the noodles-and-fork lock held by " + name + " (itself)");
        CHECK(d.lock_holder(0) == cycle.lanes[0]);
        CHECK(d.total_meals() == 0);
        CHECK(time_stop(d) < milliseconds(200)); // recoverable
        CHECK_FALSE(d.running());
        CHECK(d.errors().empty());
    }
    SUBCASE("one recursive lock (the RLock remedy): held twice, counted, and everyone eats") {
        apply(d, {{"locks", "one-recursive"}});
        d.start();
        bool held_twice = false;
        REQUIRE(poll_until(d, [&] {
            held_twice = held_twice || d.lock_holds(0) == 2;
            return held_twice && fewest(d.meals()) >= 5;
        }, milliseconds(20000)));
        CHECK_FALSE(d.deadlocked());
        CHECK(time_stop(d) < milliseconds(200));
        CHECK(d.errors().empty());
    }
}

// [SECTION] The fixes never deadlock

TEST_CASE("Philosophers.Fixes.NeverDeadlockAndEveryoneEats" * doctest::timeout(300)) {
    struct Table {
        const char* variant;
        int n;
    };
    for (const char* strategy : {"ordered", "waiter", "both"}) {
        for (Table t : {Table{"table", 2}, Table{"table", 5}, Table{"table", 16}, Table{"noodles", 4}}) {
            CAPTURE(strategy);
            CAPTURE(t.variant);
            CAPTURE(t.n);
            PhilosophersDemo d;
            // Hesitation on and no jitter: the settings that deadlock the naive table at once.
            apply(d, {{"strategy", strategy}, {"variant", t.variant}, {"think-ms", "1"}, {"eat-ms", "1"},
                      {"hesitate-ms", "2"}, {"jitter", "off"}, {"duration-ms", "0"}});
            REQUIRE(d.set_param("philosophers", t.n));
            d.start();
            const bool all_ate = poll_until(d, [&] { return fewest(d.meals()) >= 20 || d.deadlocked(); },
                                            milliseconds(60000));
            d.stop();
            CHECK_FALSE(d.deadlocked());
            CHECK(all_ate);
            CHECK(fewest(d.meals()) >= 20);
            CHECK(d.total_meals() >= 20u * static_cast<unsigned>(t.n));
            CHECK(d.errors().empty());
        }
    }
}

// [SECTION] Stop and break

TEST_CASE("Philosophers.StopFromDeadlock.JoinsWithin200ms" * doctest::timeout(60)) {
    PhilosophersDemo d;
    apply(d, kCertainDeadlock);
    REQUIRE(d.set_param("philosophers", 16));
    d.start();
    REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, milliseconds(5000)));
    CHECK(time_stop(d) < milliseconds(200));
    CHECK_FALSE(d.running());
    CHECK(d.deadlocked()); // a result, kept after the stop
    d.reset();
    CHECK(d.timeline().lanes().empty());
    CHECK_FALSE(d.deadlocked());
    // And again from a fresh start: the same table deadlocks the same way.
    d.start();
    REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, milliseconds(5000)));
    CHECK(time_stop(d) < milliseconds(200));
}

TEST_CASE("Philosophers.BreakDeadlock.RunContinues" * doctest::timeout(60)) {
    PhilosophersDemo d;
    apply(d, kCertainDeadlock);
    d.start();
    REQUIRE(poll_until(d, [&] { return d.deadlocked_now(); }, milliseconds(5000)));
    CHECK(d.total_meals() == 0);
    REQUIRE(d.break_deadlock());
    // P1 puts fork 1 down: P5 eats. (Still in step and not thinking, they may well deadlock again.)
    REQUIRE(poll_until(d, [&] { return d.total_meals() >= 1; }, milliseconds(5000)));
    CHECK(d.meals()[4] == 1);
    CHECK(d.breaks() == 1);
    REQUIRE_FALSE(d.deadlocks().history().empty());
    CHECK(d.deadlocks().history().front().resolved != 0);
    CHECK(time_stop(d) < milliseconds(200));
    CHECK(d.errors().empty());
}

TEST_CASE("Registry.KnowsThePhilosophersDemo") {
    auto d = make_demo("philosophers");
    REQUIRE(d);
    CHECK(d->id() == "philosophers");
    for (const char* key : {"philosophers", "strategy", "variant", "think-ms", "eat-ms", "hesitate-ms", "duration-ms"})
        CHECK(d->params().find(key) != nullptr);
    CHECK(d->params().text("strategy") == "naive");
    std::string err;
    CHECK_FALSE(d->set_param_text("strategy", "polite", &err));
    CHECK_FALSE(d->set_param("philosophers", 17, &err));
    CHECK_FALSE(d->set_param("hesitate-ms", 501, &err));
}
