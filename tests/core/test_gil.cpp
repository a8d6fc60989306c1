// The gil demo: the interpreter lock's protocol and what the recorded runs show. No wall-clock
// claims (speed-ups belong to the lesson's measured runs): structure only.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "core/demos/gil.hpp"
#include "core/runtime/interpreter_lock.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::run_to_end;

namespace {

/// The worker lanes ("Thread n" / "Process n"), without the serial lane.
std::vector<const Lane*> worker_lanes(const GilDemo& d) {
    std::vector<const Lane*> out;
    for (const Lane& l : d.timeline().lanes())
        if (l.name.format == "Thread {1}" || l.name.format == "Process {1}") out.push_back(&l);
    return out;
}

struct Run {
    Nanos start, end;
    std::size_t lane;
};

/// Every span in `state` of the worker lanes since they were released, in start order (before
/// that, a lane's first instant is the runtime's "started").
std::vector<Run> spans_in(const GilDemo& d, ThreadState state) {
    std::vector<Run> out;
    const auto lanes = worker_lanes(d);
    for (std::size_t i = 0; i < lanes.size(); ++i)
        for (const Span& s : lanes[i]->spans)
            if (s.state == state && s.start >= d.threads_started()) out.push_back({s.start, s.end, i});
    std::sort(out.begin(), out.end(), [](const Run& a, const Run& b) { return a.start < b.start; });
    return out;
}

void configure(GilDemo& d, const char* work, const char* gil, int threads, int work_ms, int switch_us) {
    REQUIRE(d.set_param_text("work", work));
    REQUIRE(d.set_param_text("gil", gil));
    REQUIRE(d.set_param("threads", threads));
    REQUIRE(d.set_param("work-ms", work_ms));
    REQUIRE(d.set_param("switch-us", switch_us));
}

} // namespace

TEST_CASE("GilLock.WaiterAsksTheHolderWhoHandsOver") {
    InterpreterLock lock(ms_to_ns(1));
    const InterpreterLock::StopFn never;
    REQUIRE(lock.try_acquire(0));
    CHECK_FALSE(lock.try_acquire(1));
    std::atomic<bool> got{false};
    std::thread b([&] {
        CHECK(lock.acquire(1, never)); // it had to wait
        got = true;
        lock.release(1);
    });
    // The waiter's interval runs out: it asks the holder to drop.
    while (!lock.drop_requested()) std::this_thread::yield();
    CHECK_FALSE(got.load());
    lock.hand_over(0, never); // returns once thread 1 took the lock
    b.join();
    CHECK(got.load());
    CHECK(lock.switches() == 1);
    CHECK(lock.drop_requests() >= 1);
    // Released for IO: the next thread takes it at once, no request needed.
    REQUIRE(lock.try_acquire(0));
    lock.release(0);
    CHECK(lock.try_acquire(1));
    CHECK(lock.switches() == 3); // 0 -> 1 (handed over), 1 -> 0, 0 -> 1
}

TEST_CASE("GilLock.AStoppedWaiterLeavesTheQueue") {
    InterpreterLock lock(ms_to_ns(100));
    REQUIRE(lock.try_acquire(0));
    std::atomic<bool> stop{false}, threw{false};
    std::thread b([&] {
        try {
            lock.acquire(1, [&] { return stop.load(); });
        } catch (const ActorStopped&) {
            threw = true;
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop = true;
    b.join();
    CHECK(threw.load());
    lock.release(0);
    CHECK(lock.try_acquire(2)); // nobody left queued in front
}

TEST_CASE("Gil.WithTheGilOneThreadRunsBytecodeAtATime") {
    GilDemo d;
    configure(d, "cpu", "on", 3, 20, 200);
    run_to_end(d);
    REQUIRE(d.errors().empty());
    const auto running = spans_in(d, ThreadState::Running);
    REQUIRE(running.size() >= 3);
    // No two running spans overlap (each ends before the next begins)...
    for (std::size_t i = 1; i < running.size(); ++i) {
        CAPTURE(i);
        CHECK(running[i].start >= running[i - 1].end);
    }
    // ... and every change of lane between them is one counted hand-over.
    std::uint64_t changes = 0;
    for (std::size_t i = 1; i < running.size(); ++i) changes += running[i].lane != running[i - 1].lane;
    const GilDemo::Measured m = d.measured();
    CHECK(m.finished);
    CHECK(m.switches == changes);
    CHECK(m.switches >= 2); // three threads: each took it from another at least once
    CHECK(test::lanes_that_were(d, gil::kWaitGil) >= 2);
    CHECK(d.to_json()["gil"] == "on");
}

TEST_CASE("Gil.IoReleasesTheLock") {
    GilDemo d;
    configure(d, "io", "on", 3, 40, 5000);
    run_to_end(d);
    REQUIRE(d.errors().empty());
    // Two threads wait for IO at the same time: neither holds the GIL while it waits.
    const auto io = spans_in(d, gil::kIoWait);
    bool overlap = false;
    for (std::size_t i = 0; i < io.size() && !overlap; ++i)
        for (std::size_t k = i + 1; k < io.size() && io[k].start < io[i].end; ++k)
            if (io[k].lane != io[i].lane) overlap = true;
    CHECK(overlap);
    // Running spans still never overlap.
    const auto running = spans_in(d, ThreadState::Running);
    for (std::size_t i = 1; i < running.size(); ++i) CHECK(running[i].start >= running[i - 1].end);
}

TEST_CASE("Gil.ProcessesAndOffModesNeverWait") {
    for (const char* mode : {"processes", "off"}) {
        CAPTURE(mode);
        GilDemo d;
        configure(d, "mixed", mode, 3, 20, 100);
        run_to_end(d);
        REQUIRE(d.errors().empty());
        CHECK(test::lanes_that_were(d, gil::kWaitGil) == 0);
        const GilDemo::Measured m = d.measured();
        CHECK(m.finished);
        CHECK(m.switches == 0);
        CHECK(m.gil_wait_ms == 0);
        CHECK(test::lanes_that_were(d, ThreadState::Running) >= 3);
        const Json j = d.to_json();
        for (const char* k : {"threads", "work", "gil", "wall_ms", "serial_ms", "speedup", "gil_switches"}) CHECK(j.contains(k));
        CHECK(j["speedup"].is_number());
    }
}

TEST_CASE("Gil.BalanceRaceCheckedOnlyBetweenStatementsLosesNothing") {
    GilDemo d;
    REQUIRE(d.set_param_text("work", "balance"));
    REQUIRE(d.set_param_text("check", "loop-end"));
    REQUIRE(d.set_param("threads", 2));
    REQUIRE(d.set_param("iterations", 20000));
    REQUIRE(d.set_param("switch-us", 100));
    run_to_end(d);
    REQUIRE(d.errors().empty());
    const Json j = d.to_json();
    CHECK(j["lost_updates"] == 0);
    CHECK(j["balance"] == 0);
}

TEST_CASE("Gil.StopAndResetFromEveryState") {
    GilDemo d;
    configure(d, "cpu", "on", 4, 2000, 5000);
    for (int phase = 0; phase < 3; ++phase) {
        CAPTURE(phase);
        if (phase == 2) d.start_sweep(GilDemo::Sweep::Speedup);
        else d.start();
        // phase 0: stopped during the serial run; phase 1: during the threads; 2: in a sweep
        if (phase == 1)
            REQUIRE(test::poll_until(d, [&] { return test::lanes_that_were(d, ThreadState::Running) >= 3; },
                                     std::chrono::seconds(30)));
        const auto t0 = std::chrono::steady_clock::now();
        d.stop();
        CHECK(std::chrono::steady_clock::now() - t0 < test::kStopFinishes);
        CHECK_FALSE(d.running());
        d.reset();
    }
}

TEST_CASE("Gil.SweepsMeasureEveryPoint") {
    GilDemo d;
    d.set_sweep_work_ms(1);
    d.start_sweep(GilDemo::Sweep::Speedup);
    while (d.running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    d.stop();
    const auto pts = d.speedup_points();
    REQUIRE(pts.size() == 48);
    for (const auto& p : pts) {
        CHECK(p.serial_ms > 0);
        CHECK(p.wall_ms > 0);
        if (p.mode != gil::Mode::On || p.threads == 1) CHECK(p.switches == 0);
    }
    CHECK(d.to_json()["sweep"].size() == 48);
    d.set_race_iterations(1000);
    d.start_sweep(GilDemo::Sweep::Race);
    while (d.running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    d.stop();
    const auto race = d.race_points();
    REQUIRE(race.size() == 2 * gil::race_intervals().size());
    for (const auto& p : race)
        if (p.check == gil::Check::LoopEnd) CHECK(p.lost == 0);
    CHECK(d.speedup_points().size() == 48); // the other sweep's plot stays
}
