#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/bounds.hpp"
#include "core/demo/registry.hpp"
#include "tests/support/run_demo.hpp"
#include "core/demos/donation.hpp"

using namespace tl;
using tl::test::run_to_end;
using namespace std::chrono;
using Kind = DonationDemo::LockChange::Kind;

namespace {
// Two processes that spin until killed: the "busy machine" of issue 11 (item 8). Killed and
// reaped when the test ends, however it ends.
struct Spinners {
    std::vector<pid_t> pids;
    explicit Spinners(int n) {
        for (int i = 0; i < n; ++i) {
            const pid_t p = fork();
            REQUIRE(p >= 0);
            if (p == 0) {
                volatile unsigned long x = 0;
                for (;;) x = x + 1; // only async-signal-safe work in a child of a threaded process
            }
            pids.push_back(p);
        }
    }
    ~Spinners() {
        for (pid_t p : pids) kill(p, SIGKILL);
        for (pid_t p : pids) waitpid(p, nullptr, 0);
    }
};
} // namespace


TEST_CASE("Donation.Locked.AlwaysExact") {
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

TEST_CASE("Donation.Unlocked.WithBarrier.LosesMoneyEveryRound") {
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

TEST_CASE("Donation.Unlocked.NoBarrier.VariesLikeTheTutorial") {
    // The lesson's defaults: 50 donors give 100 each to 1000, thinking 10 ms, lock and barrier
    // off. Started one after another as the tutorial's loop starts them, the late donors read
    // balances the early ones already wrote: the result varies (the tutorial printed 1600, 1100,
    // 1300, 1500, 1200). All starting together, every round would be 1100.
    DonationDemo d;
    REQUIRE(d.set_param("rounds", 10));
    run_to_end(d);
    const auto rounds = d.rounds();
    REQUIRE(rounds.size() == 10);
    std::set<std::int64_t> distinct;
    for (const auto& r : rounds) {
        CAPTURE(r.actual);
        CHECK(r.expected == 6000);
        CHECK(r.actual >= 1100);
        CHECK(r.actual <= 3000);
        CHECK(r.lost_updates > 0);
        distinct.insert(r.actual);
    }
    CHECK(distinct.size() >= 3);
}

TEST_CASE("Donation.Unlocked.WithBarrier.WorstCaseEveryRound") {
    DonationDemo d; // the lesson's defaults with the start barrier: 1100, the worst case, always
    REQUIRE(d.set_param_text("barrier", "on"));
    REQUIRE(d.set_param("rounds", 10));
    run_to_end(d);
    const auto rounds = d.rounds();
    REQUIRE(rounds.size() == 10);
    for (const auto& r : rounds) {
        CHECK(r.actual == 1100);
        CHECK(r.lost_updates == 49);
    }
}

TEST_CASE("Donation.WaitingToStartIsNotDrawnAsRunning") {
    // Before its first read a donor waits: for the other threads to exist, then for the loop to
    // reach it. That is drawn as nothing (idle), not as running.
    DonationDemo d;
    run_to_end(d);
    // Idle is not drawn (no span): the time before the first think minus what is drawn running.
    Nanos running = 0, before_think = 0;
    for (const Lane& lane : d.timeline().lanes()) {
        REQUIRE_FALSE(lane.spans.empty());
        for (const Span& s : lane.spans) {
            if (s.state == ThreadState::Sleeping) { // its first think: it has read
                before_think += s.start - lane.spans.front().start;
                break;
            }
            if (s.state == ThreadState::Running) running += s.end - s.start;
        }
    }
    CHECK(before_think > 0);
    CHECK(running < before_think / 4);
}

TEST_CASE("Donation.Unlocked.DefaultThinkTimeLosesMoney") {
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

TEST_CASE("Donation.LockSwitchMidRun.StopsTheDivergence") {
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
    // Lock off: run until updates are lost (at once on an idle machine; a loaded one may take longer).
    REQUIRE(tl::test::poll_until(d, [&] { return d.lost_updates_now() > 0; }, tl::test::kHappensWithin));
    const auto lost_before = d.lost_updates_now();
    CHECK(lost_before > 0);
    REQUIRE(d.set_param_text("lock", "on"));
    // Sections already under way finish unlocked. A donor is past its own once it has finished a
    // locked one (a HoldLock span followed by another), however long a busy machine delays it.
    const auto every_donor_locked_once = [&] {
        int donors = 0;
        for (const auto& lane : d.timeline().lanes())
            for (std::size_t k = 0; k + 1 < lane.spans.size(); ++k)
                if (lane.spans[k].state == ThreadState::HoldLock) {
                    ++donors;
                    break;
                }
        return donors >= 20;
    };
    REQUIRE(tl::test::poll_until(d, every_donor_locked_once, tl::test::kHappensWithin));
    const auto gap_after_switch = d.expected_now() - d.actual_now();
    const auto lost_after_switch = d.lost_updates_now();
    run_for(milliseconds(300));
    d.stop();
    CHECK(d.lost_updates_now() == lost_after_switch); // no new losses with the lock on
    CHECK(d.expected_now() - d.actual_now() == gap_after_switch);
    CHECK(d.lock_changes().size() >= 2);
    CHECK_FALSE(d.samples().empty());
    // The flip is on record with what was lost before it; "since lock on" counts from there.
    const auto flip = d.last_flip();
    REQUIRE(flip);
    CHECK(flip->kind == Kind::Flip);
    CHECK(flip->on);
    CHECK(flip->round == 0);
    CHECK(flip->lost_money_before > 0);
    const auto since = d.since_last_flip();
    REQUIRE(since);
    CHECK(since->on);
    CHECK(since->from_round == 0);
    CHECK(since->lost_money == (d.expected_now() - d.actual_now()) - flip->lost_money_before);
    CHECK(since->lost_money < d.expected_now() - d.actual_now()); // not the whole run's loss
    CHECK(since->lost_updates == lost_after_switch - flip->lost_updates_before);
}

TEST_CASE("Donation.RoundMode.FlipAppliesFromTheNextRound") {
    // The lock switch flipped during a round does not change that round: the round keeps the
    // setting it began with and the flip, recorded with its round, applies from the next one.
    DonationDemo d;
    REQUIRE(d.set_param("donors", 5));
    REQUIRE(d.set_param("think-ms", 30));
    REQUIRE(d.set_param("rounds", 8));
    d.start();
    REQUIRE(tl::test::poll_until(d, [&] { return !d.rounds().empty(); }, tl::test::kHappensWithin));
    REQUIRE(d.set_param_text("lock", "on"));
    while (d.running()) {
        d.poll();
        std::this_thread::sleep_for(milliseconds(1));
    }
    d.stop();
    const auto flip = d.last_flip();
    REQUIRE(flip);
    CHECK(flip->kind == Kind::Flip);
    const int k = flip->round; // the round under way at the flip
    CHECK(k >= 2);
    REQUIRE(k < 8); // (8 rounds of 30 ms thinking: the flip came long before the end)
    CHECK(d.flip_applies_this_run(*flip));
    const auto rounds = d.rounds();
    REQUIRE(rounds.size() == 8);
    for (int i = 1; i <= 8; ++i) {
        CAPTURE(i);
        const auto& r = rounds[static_cast<std::size_t>(i - 1)];
        CHECK(r.lock == (i > k));
        if (i > k) CHECK(r.lost_money() == 0);
    }
    const auto since = d.since_last_flip();
    REQUIRE(since);
    CHECK(since->from_round == k + 1);
    CHECK(since->rounds_finished == 8 - k);
    CHECK(since->lost_money == 0);
    CHECK(since->lost_updates == 0);
}

TEST_CASE("Donation.RoundMode.FlipAfterTheEndIsForTheNextRun") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 10));
    REQUIRE(d.set_param("think-ms", 2));
    REQUIRE(d.set_param_text("barrier", "on"));
    REQUIRE(d.set_param("rounds", 3));
    run_to_end(d);
    REQUIRE(d.set_param_text("lock", "on"));
    const auto flip = d.last_flip();
    REQUIRE(flip);
    CHECK(flip->kind == Kind::AfterEnd);
    CHECK(flip->on);
    CHECK_FALSE(d.flip_applies_this_run(*flip));
    CHECK_FALSE(d.since_last_flip()); // nothing of the run happened after it
    for (const auto& r : d.rounds()) CHECK_FALSE(r.lock); // the result stays what it was
    // Setting the switch to the value it already has records nothing.
    const auto n = d.lock_changes().size();
    REQUIRE(d.set_param_text("lock", "on"));
    CHECK(d.lock_changes().size() == n);
    // The next run takes the switch as it is and starts a fresh record.
    run_to_end(d);
    for (std::size_t i = 3; i < 6; ++i) CHECK(d.rounds()[i].lock);
    REQUIRE_FALSE(d.lock_changes().empty());
    CHECK(d.lock_changes().front().kind == Kind::RunStart);
    CHECK_FALSE(d.last_flip());
}

TEST_CASE("Donation.BalanceVariant") {
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

TEST_CASE("Donation.BalanceRace.EndsAwayFromZeroOnABusyMachine") {
    // Issue 11, item 8: with the lab's defaults the two threads lost ~200,000 updates and still
    // ended at 0 in every round of a third of the runs (a rhythm, not luck). Now at least 4 of 5
    // rounds end away from 0, also with two other processes spinning on the machine's cores.
    Spinners busy(2);
    DonationDemo d;
    REQUIRE(d.set_param_text("variant", "balance"));
    REQUIRE(d.set_param_text("lock", "off"));
    REQUIRE(d.set_param("rounds", 5));
    run_to_end(d);
    const auto rounds = d.rounds();
    REQUIRE(rounds.size() == 5);
    int nonzero = 0;
    for (const auto& r : rounds) {
        CAPTURE(r.actual);
        CHECK(r.lost_updates > 0);
        if (r.actual != 0) ++nonzero;
    }
    CHECK(nonzero >= 4);
}

TEST_CASE("Donation.StopMidRound.Joins") {
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

TEST_CASE("Donation.BalanceRace.SwitchesNeverHang") {
    // The mid-update switch hands the CPU back and forth through flags the two threads read
    // without a lock; an unlucky order of those reads once left both waiting for each other's
    // write (1 run in 8 of 5 rounds). Many short rounds: every one must finish.
    DonationDemo d;
    REQUIRE(d.set_param_text("variant", "balance"));
    REQUIRE(d.set_param_text("lock", "off"));
    REQUIRE(d.set_param_text("yield", "on"));
    REQUIRE(d.set_param("iterations", 10000));
    REQUIRE(d.set_param("rounds", 40));
    run_to_end(d);
    CHECK(d.rounds().size() == 40);
}
