// Code beside the threads: under a replayed then stepped schedule, each thread's line and the
// listing's values after every step are exactly the ones the interleaving implies.
#include <doctest/doctest.h>

#include <optional>

#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"

using namespace tl;

namespace {

std::vector<int> lines_of(const Demo& d) {
    std::vector<int> out;
    for (const ActorSlot& a : d.scheduler()->snapshot().actors) out.push_back(d.code_line(a));
    return out;
}

std::optional<std::int64_t> value_of(const Demo& d, const std::string& name, int actor = -1) {
    for (const SharedValue& v : d.shared_values())
        if (v.name == name && v.actor == actor) return v.known ? std::optional(v.value) : std::nullopt;
    return std::nullopt;
}

void step(Demo& d, int actor) {
    std::string why;
    REQUIRE_MESSAGE(d.scheduler()->choose(actor, &why), why);
    d.poll();
}

} // namespace

TEST_CASE("CodeListing.DonationLinesAndValuesStepByStep") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 2));
    REQUIRE(d.set_param_text("lock", "off"));
    const auto code = d.code().lines;
    REQUIRE(code.size() == 5);
    CHECK(code[0] == "def donate(amount):");
    CHECK(code[2] == "    seen = balance");
    CHECK(code[3] == "    time.sleep(0.01)");
    CHECK(code[4] == "    balance = seen + amount");

    // The first two steps replayed (both threads start), then the user picks.
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 1}, .then_step = true});
    d.start();
    REQUIRE(d.scheduler());
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting);
    CHECK(lines_of(d) == std::vector<int>{2, 2}); // both about to read
    CHECK(value_of(d, "balance") == 1000);
    CHECK_FALSE(value_of(d, "seen", 0));

    step(d, 0); // donor 1 reads 1000
    CHECK(lines_of(d) == std::vector<int>{3, 2});
    CHECK(value_of(d, "seen", 0) == 1000);
    CHECK_FALSE(value_of(d, "seen", 1));

    step(d, 1); // donor 2 reads 1000 too: the race is on
    CHECK(lines_of(d) == std::vector<int>{3, 3});
    CHECK(value_of(d, "seen", 1) == 1000);

    step(d, 0); // donor 1 thinks
    CHECK(lines_of(d) == std::vector<int>{4, 3});
    step(d, 0); // donor 1 writes 1100, then waits at the end of the round (no line)
    CHECK(lines_of(d) == std::vector<int>{-1, 3});
    CHECK(value_of(d, "balance") == 1100);

    step(d, 1); // donor 2 thinks
    CHECK(lines_of(d) == std::vector<int>{-1, 4});
    step(d, 1); // donor 2 writes its 1000 + 100: donor 1's gift is lost
    CHECK(value_of(d, "balance") == 1100);
    CHECK(value_of(d, "seen", 1) == 1000);

    // Run the rest out: the round ends and the balance shown stays the round's result.
    while (d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting) {
        const auto snap = d.scheduler()->snapshot();
        int next = -1;
        for (const ActorSlot& a : snap.actors)
            if (a.enabled && next < 0) next = a.index;
        REQUIRE(next >= 0);
        step(d, next);
    }
    CHECK(d.scheduler()->phase() == Scheduler::Phase::Finished);
    CHECK(lines_of(d) == std::vector<int>{-1, -1});
    CHECK(value_of(d, "balance") == 1100);
    CHECK(d.outcome() == 1100);
    d.stop();
}

TEST_CASE("CodeListing.DonationWithTheLock") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 2));
    REQUIRE(d.set_param_text("lock", "on"));
    const auto code = d.code().lines;
    REQUIRE(code.size() == 6);
    CHECK(code[2].find("with lock:") != std::string::npos);
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 1}, .then_step = true});
    d.start();
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting);
    CHECK(lines_of(d) == std::vector<int>{2, 2}); // both at `with lock:`
    step(d, 0);                                  // donor 1 takes the lock
    CHECK(lines_of(d) == std::vector<int>{3, 2});
    step(d, 1); // donor 2 finds it taken: still at `with lock:`, waiting
    CHECK(lines_of(d) == std::vector<int>{3, 2});
    d.stop();
}

TEST_CASE("CodeListing.BalanceMachineSteps") {
    DonationDemo d;
    REQUIRE(d.set_param_text("variant", "balance"));
    REQUIRE(d.set_param_text("lock", "off"));
    REQUIRE(d.set_param_text("granularity", "machine"));
    REQUIRE(d.set_param("iterations", 1));
    const auto code = d.code().lines;
    REQUIRE(code.size() == 11);
    CHECK(code[3] == "        balance = balance + n");
    CHECK(code[7] == "        balance = balance - n");
    // Start, then both meet at the start barrier (its arrival and departure).
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 1, 0, 1}, .then_step = true});
    d.start();
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting);
    // Thread 2 arrived last, so it is through (about to load); thread 1 is still leaving.
    CHECK(lines_of(d) == std::vector<int>{0, 4});
    step(d, 1); // load: tmp = 0
    CHECK(lines_of(d)[1] == 5);
    CHECK(value_of(d, "tmp", 1) == 0);
    step(d, 1); // add: tmp = 8
    CHECK(lines_of(d)[1] == 6);
    CHECK(value_of(d, "tmp", 1) == 8);
    CHECK(value_of(d, "n", 0) == 5);
    CHECK_FALSE(value_of(d, "tmp", 0)); // thread 1 has loaded nothing yet
    step(d, 1); // store: balance = 8; next the load of balance - n
    CHECK(lines_of(d)[1] == 8);
    CHECK(value_of(d, "balance") == 8);
    d.stop();
}

TEST_CASE("CodeListing.PhilosophersHoldersAndLines") {
    PhilosophersDemo d;
    REQUIRE(d.set_param("philosophers", 2));
    REQUIRE(d.set_param_text("strategy", "naive"));
    REQUIRE(d.set_param("meals", 1));
    const auto code = d.code().lines;
    REQUIRE(code.size() == 11);
    CHECK(code[1] == "    first, second = forks(i)");
    CHECK(code[3] == "        think()");
    CHECK(code[4] == "        first.acquire()");
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = {0, 1}, .then_step = true});
    d.start();
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting);
    CHECK(lines_of(d) == std::vector<int>{3, 3}); // both about to think
    step(d, 0);
    CHECK(lines_of(d) == std::vector<int>{4, 3}); // P1 reaches for its first fork
    step(d, 0);
    CHECK(lines_of(d) == std::vector<int>{5, 3}); // holds it, hesitates
    CHECK(value_of(d, "fork[1]") == 0);           // fork 1 held by P1 (actor 0)
    CHECK(value_of(d, "fork[2]") == -1);
    step(d, 1);
    step(d, 1); // P2 takes fork 2
    CHECK(value_of(d, "fork[2]") == 1);
    step(d, 0);
    step(d, 1);
    CHECK(lines_of(d) == std::vector<int>{6, 6}); // both at second.acquire(): the deadlock
    CHECK(value_of(d, "meals[i]", 0) == 0);
    d.stop();
}
