#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/analysis/deadlock_watch.hpp"
#include "core/demos/philosophers.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using Blocked = DeadlockWatch::Blocked;
using namespace std::chrono;

// [SECTION] Cycles in one snapshot

TEST_CASE("DeadlockWatch.FindCycles.ClosedChainsOnly") {
    // 2 waits for lock 7 held by 0, 0 for 8 held by 1, 1 for 9 held by 2: one cycle, spelled from lane 0.
    const std::vector<Blocked> ring = {{2, 7, 0, 0}, {0, 8, 1, 0}, {1, 9, 2, 0}};
    const auto cycles = DeadlockWatch::find_cycles(ring);
    REQUIRE(cycles.size() == 1);
    CHECK(cycles[0].lanes == std::vector<std::uint16_t>{0, 1, 2});
    CHECK(cycles[0].locks == std::vector<std::uint32_t>{8, 9, 7});

    // The same chain with one lock free, or held by a lane that is not blocked: no cycle.
    CHECK(DeadlockWatch::find_cycles({{2, 7, 0, 0}, {0, 8, 1, 0}, {1, 9, -1, 0}}).empty());
    CHECK(DeadlockWatch::find_cycles({{2, 7, 0, 0}, {0, 8, 1, 0}, {1, 9, 5, 0}}).empty());

    // A lane waiting for a lock it holds; a lane waiting on a cycle it is not part of.
    const auto self = DeadlockWatch::find_cycles({{4, 3, 4, 0}, {5, 3, 4, 0}});
    REQUIRE(self.size() == 1);
    CHECK(self[0].self_wait());
    CHECK(self[0].lanes == std::vector<std::uint16_t>{4});
}

// [SECTION] Confirmation: kConfirm apart with nobody moving

TEST_CASE("DeadlockWatch.Scan.ConfirmsOnlyAStillCycle") {
    const Nanos ms = 1'000'000;
    std::vector<Blocked> s = {{0, 1, 1, 10}, {1, 2, 0, 20}};
    SUBCASE("still for kConfirm: detected at the scan that is sure") {
        DeadlockWatch w;
        w.scan(s, 100 * ms);
        w.scan(s, 103 * ms);
        CHECK(w.detections().empty());
        w.scan(s, 105 * ms);
        REQUIRE(w.detections().size() == 1);
        CHECK(w.detections()[0].detected == 105 * ms);
        CHECK(w.detected(w.detections()[0].cycle, 90 * ms) == 105 * ms);
        CHECK_FALSE(w.detected(w.detections()[0].cycle, 106 * ms).has_value()); // an older episode
        w.scan(s, 200 * ms);
        CHECK(w.detections().size() == 1); // reported once per episode
    }
    SUBCASE("a member that recorded anything in between starts the count again") {
        DeadlockWatch w;
        w.scan(s, 100 * ms);
        s[1].progress += 1; // lane 1 got its lock and let it go, say, between two scans
        w.scan(s, 105 * ms);
        CHECK(w.detections().empty());
        w.scan(s, 110 * ms);
        CHECK(w.detections().size() == 1);
    }
    SUBCASE("a cycle that comes apart is forgotten") {
        DeadlockWatch w;
        w.scan(s, 100 * ms);
        w.scan({}, 103 * ms);
        w.scan(s, 106 * ms);
        CHECK(w.detections().empty());
    }
}

// [SECTION] In a demo: found without waiting for the next poll

TEST_CASE("DeadlockWatch.Philosophers.DetectedBeforeASlowPoll") {
    // The UI under software rendering may poll every few hundred ms; the watch does not wait for it.
    PhilosophersDemo d;
    for (auto [k, v] : {std::pair{"strategy", "naive"}, {"think-ms", "0"}, {"eat-ms", "10"}, {"hesitate-ms", "100"},
                        {"jitter", "off"}, {"duration-ms", "0"}}) {
        std::string err;
        REQUIRE(d.set_param_text(k, v, &err));
    }
    d.start();
    // No poll at all while the cycle forms (about 100 ms after the start) and well after.
    std::this_thread::sleep_for(milliseconds(1500));
    const Nanos poll_time = now_ns();
    REQUIRE(tl::test::poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin));
    const Deadlock& dl = d.deadlocks().history().front();
    CHECK(dl.detected >= dl.formed);
    // Found on the watch's own thread, long before this first poll looked.
    CHECK(dl.detected < poll_time);
    d.stop();
    CHECK_FALSE(d.running());
}
