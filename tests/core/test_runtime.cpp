#include <doctest/doctest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "tests/support/bounds.hpp"
#include "core/runtime/instrumented_mutex.hpp"
#include "core/runtime/racy_counter.hpp"
#include "core/runtime/runtime.hpp"
#include "core/trace/lost_update.hpp"

using namespace tl;
using namespace std::chrono;

static milliseconds time_stop_and_join(Runtime& rt) {
    const auto t0 = steady_clock::now();
    rt.request_stop();
    rt.join();
    return duration_cast<milliseconds>(steady_clock::now() - t0);
}

TEST_CASE("StopFlag.WaitsUntilTheDeadlineOrTheRequest") {
    StopFlag f;
    const auto t0 = steady_clock::now();
    CHECK_FALSE(f.wait_until(t0 + milliseconds(20))); // nobody asked: it waits the whole time
    CHECK(steady_clock::now() - t0 >= milliseconds(20));
    CHECK_FALSE(f.wait_until(t0)); // a deadline already past

    // Waiters far from their deadline are all woken by one request.
    std::atomic<int> woken{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < 8; ++i)
        ts.emplace_back([&] {
            if (f.wait_until(steady_clock::now() + hours(1))) woken.fetch_add(1);
        });
    std::this_thread::sleep_for(milliseconds(20));
    f.request();
    for (auto& t : ts) t.join(); // a lost wake-up would hang here (ctest's timeout ends it)
    CHECK(woken.load() == 8);
    CHECK(f.requested());
    CHECK(f.wait_until(steady_clock::now() + hours(1))); // after the request: at once
}

TEST_CASE("Runtime.StopWhileSleeping.Joins") {
    Recorder rec;
    Runtime rt(rec);
    for (int i = 0; i < 20; ++i)
        rt.spawn("sleeper", [](Actor& a) {
            for (;;) a.sleep(ms_to_ns(1000));
        });
    std::this_thread::sleep_for(milliseconds(30));
    CHECK(rt.active() == 20);
    CHECK(time_stop_and_join(rt) < tl::test::kStopFinishes);
    CHECK(rt.active() == 0);
}

TEST_CASE("Runtime.StopWhileBlockedOnLock.Joins") {
    Recorder rec;
    Runtime rt(rec);
    InstrumentedMutex m(1);
    std::atomic<bool> held{false};
    rt.spawn("holder", [&](Actor& a) {
        // A guard, as in the demos: the stop unwinds through it and the mutex is released
        // before it is destroyed (destroying a locked mutex is undefined behaviour).
        auto section = m.section(a);
        held = true;
        a.sleep(ms_to_ns(100000)); // never unlocks before the stop
    });
    while (!held) std::this_thread::sleep_for(milliseconds(1));
    for (int i = 0; i < 10; ++i)
        rt.spawn("waiter", [&](Actor& a) {
            m.lock(a);
            m.unlock(a);
        });
    std::this_thread::sleep_for(milliseconds(30));
    CHECK(rt.active() == 11);
    CHECK(m.owner() == 0);
    CHECK(time_stop_and_join(rt) < tl::test::kStopFinishes);
}

TEST_CASE("Runtime.BodyErrorIsReportedNotFatal") {
    Recorder rec;
    Runtime rt(rec);
    rt.spawn("thrower", [](Actor&) { throw std::runtime_error("boom"); });
    rt.join();
    REQUIRE(rt.errors().size() == 1);
    CHECK(rt.errors()[0] == "boom");
}

TEST_CASE("Runtime.SchedulingPointSeesEveryOperation") {
    Recorder rec;
    Runtime rt(rec);
    std::atomic<int> points{0};
    rt.set_point_hook([&](Actor&, const Event&) { points.fetch_add(1); });
    InstrumentedMutex m(1);
    rt.spawn("one", [&](Actor& a) {
        m.lock(a);
        m.unlock(a);
    });
    rt.join();
    // Running at start, HoldLock, Running after unlock, Idle at the end.
    CHECK(points.load() == 4);
}

TEST_CASE("Mutex.SwitchedOffSectionDoesNotLock") {
    Recorder rec;
    Runtime rt(rec);
    InstrumentedMutex m(7, false);
    bool locked = true;
    rt.spawn("a", [&](Actor& a) {
        auto s = m.section(a);
        locked = s.locked();
    });
    rt.join();
    CHECK_FALSE(locked);
    CHECK(m.owner() == -1);
}

TEST_CASE("RacyCounter.PackingKeepsNegativeValues") {
    const auto w = RacyCounter::pack(-1234, 5);
    CHECK(RacyCounter::unpack_value(w) == -1234);
    CHECK(RacyCounter::unpack_lane(w) == 5);
    CHECK(RacyCounter::unpack_lane(RacyCounter::pack(9, -1)) == -1);
}

TEST_CASE("LostUpdateFact.PacksLaneValueAndAmount") {
    const LostUpdateFact f = unpack_lost_update(pack_lost_update_value(7, -1234), pack_lost_update_object(-50));
    CHECK(f.victim == 7);
    CHECK(f.overwritten == -1234);
    CHECK(f.lost == -50);
    CHECK(unpack_lost_update(pack_lost_update_value(-1, 5), 0).victim == -1);
    CHECK(unpack_lost_update(0, pack_lost_update_object(std::int64_t{1} << 40)).lost == INT32_MAX); // saturated
}

TEST_CASE("RacyCounter.OverwriteIsDetectedAndNamed") {
    Recorder rec;
    Runtime rt(rec);
    RacyCounter c(1, 100);
    bool lost_a = true, lost_b = false;
    // Run the two actors one after the other, interleaving by hand: both read, then both write.
    RacyCounter::Seen seen_a{}, seen_b{};
    rt.spawn("A", [&](Actor& a) { seen_a = c.read(a); });
    rt.join();
    Runtime rt2(rec);
    rt2.spawn("B", [&](Actor& a) {
        seen_b = c.read(a);
        lost_a = c.write(a, seen_b, seen_b.value + 10); // nobody wrote since B read
    });
    rt2.join();
    Runtime rt3(rec);
    rt3.spawn("A again", [&](Actor& a) { lost_b = c.write(a, seen_a, seen_a.value + 20); });
    rt3.join();
    CHECK_FALSE(lost_a);
    CHECK(lost_b);
    CHECK(c.value() == 120); // B's +10 is gone
    CHECK(c.lost_updates() == 1);
    // The LostUpdate marker names B's lane (1) as the victim, the 110 B wrote, and B's 10 as lost.
    LostUpdateFact fact;
    int marks = 0;
    rec.poll([&](const Event& e) {
        if (e.kind == EventKind::Mark && e.sub == static_cast<std::uint8_t>(MarkKind::LostUpdate)) {
            fact = unpack_lost_update(e.value, e.object);
            ++marks;
        }
    });
    CHECK(marks == 1);
    CHECK(fact.victim == 1);
    CHECK(fact.overwritten == 110);
    CHECK(fact.lost == 10);
}
