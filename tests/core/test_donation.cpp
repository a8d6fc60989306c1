#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/support/bounds.hpp"
#include "core/demo/registry.hpp"
#include "tests/support/run_demo.hpp"
#include "core/demos/donation.hpp"

using namespace tl;
using tl::test::run_to_end;
using namespace std::chrono;


TEST_CASE("Donation.Locked.AlwaysExact" * doctest::timeout(120)) {
    for (int donors : {1, 8, 50}) {
        CAPTURE(donors);
        DonationDemo d;
        REQUIRE(d.set_param_text("lock", "on"));
        REQUIRE(d.set_param("donors", donors));
        REQUIRE(d.set_param("think-ms", 0));
        REQUIRE(d.set_param("rounds", 20));
        run_to_end(d);
        const auto rounds = d.rounds();
        REQUIRE(rounds.size() == 20);
        for (const auto& r : rounds) {
            CHECK(r.expected == 1000 + donors * 100);
            CHECK(r.actual == r.expected);
            CHECK(r.lost_updates == 0);
            CHECK(r.lock);
        }
        CHECK(d.errors().empty());
    }
}

TEST_CASE("Donation.Unlocked.WithBarrier.LosesMoneyEveryRound" * doctest::timeout(120)) {
    for (int donors : {2, 10, 50}) {
        CAPTURE(donors);
        DonationDemo d;
        REQUIRE(d.set_param_text("lock", "off"));
        REQUIRE(d.set_param_text("barrier", "on"));
        REQUIRE(d.set_param("donors", donors));
        REQUIRE(d.set_param("think-ms", 0));
        REQUIRE(d.set_param("rounds", 5));
        run_to_end(d);
        const auto rounds = d.rounds();
        REQUIRE(rounds.size() == 5);
        for (const auto& r : rounds) {
            // Everyone read 1000 before anyone wrote: only one gift survives.
            CHECK(r.actual == 1000 + 100);
            CHECK(r.lost_updates == static_cast<std::uint64_t>(donors - 1));
            CHECK(r.lost_money() == r.expected - r.actual);
            CHECK(r.lost_money() == (donors - 1) * 100);
        }
    }
}

TEST_CASE("Donation.Unlocked.DefaultThinkTimeLosesMoney" * doctest::timeout(60)) {
    DonationDemo d; // the tutorial's numbers: 50 donors, 100 each, 10 ms between read and write
    run_to_end(d);
    const auto rounds = d.rounds();
    REQUIRE(rounds.size() == 1);
    CHECK(rounds[0].expected == 6000);
    CHECK(rounds[0].actual < 6000);
    CHECK(rounds[0].lost_updates > 0);
    const auto m = d.metrics();
    CHECK(m[0].key == "expected");
    CHECK(m[0].value == 6000);
}

TEST_CASE("Donation.LockSwitchMidRun.StopsTheDivergence" * doctest::timeout(60)) {
    DonationDemo d;
    REQUIRE(d.set_param_text("mode", "continuous"));
    REQUIRE(d.set_param("donors", 20));
    REQUIRE(d.set_param("think-ms", 2));
    d.start();
    auto run_for = [&](milliseconds ms) {
        const auto end = steady_clock::now() + ms;
        while (steady_clock::now() < end) {
            d.poll();
            std::this_thread::sleep_for(milliseconds(2));
        }
    };
    run_for(milliseconds(300));
    const auto lost_before = d.lost_updates_now();
    CHECK(lost_before > 0);
    REQUIRE(d.set_param_text("lock", "on"));
    run_for(milliseconds(50)); // sections already under way finish unlocked
    const auto gap_after_switch = d.expected_now() - d.actual_now();
    const auto lost_after_switch = d.lost_updates_now();
    run_for(milliseconds(300));
    d.stop();
    CHECK(d.lost_updates_now() == lost_after_switch); // no new losses with the lock on
    CHECK(d.expected_now() - d.actual_now() == gap_after_switch);
    CHECK(d.lock_changes().size() >= 2);
    CHECK_FALSE(d.samples().empty());
}

TEST_CASE("Donation.BalanceVariant" * doctest::timeout(120)) {
    DonationDemo d;
    REQUIRE(d.set_param_text("variant", "balance"));
    REQUIRE(d.set_param("iterations", 100000));
    SUBCASE("locked: always 0") {
        REQUIRE(d.set_param_text("lock", "on"));
        run_to_end(d);
        REQUIRE(d.rounds().size() == 1);
        CHECK(d.rounds()[0].actual == 0);
        CHECK(d.rounds()[0].lost_updates == 0);
    }
    SUBCASE("unlocked: the result is whatever the interleaving left, and every loss is counted") {
        run_to_end(d);
        REQUIRE(d.rounds().size() == 1);
        const auto r = d.rounds()[0];
        CHECK(r.expected == 0);
        if (r.actual != 0) CHECK(r.lost_updates > 0);
    }
}

TEST_CASE("Donation.StopMidRound.Joins" * doctest::timeout(30)) {
    DonationDemo d;
    REQUIRE(d.set_param("think-ms", 50));
    REQUIRE(d.set_param_text("lock", "on")); // 49 donors queue on the lock
    d.start();
    std::this_thread::sleep_for(milliseconds(60));
    CHECK(d.running());
    const auto t0 = steady_clock::now();
    d.stop();
    CHECK(steady_clock::now() - t0 < tl::test::kStopFinishes);
    CHECK_FALSE(d.running());
    d.reset();
    CHECK(d.timeline().lanes().empty());
    CHECK(d.rounds().empty());
}

TEST_CASE("Registry.KnowsTheDonationDemo") {
    auto d = make_demo("donation");
    REQUIRE(d);
    CHECK(d->id() == "donation");
    CHECK(make_demo("nope") == nullptr);
}
