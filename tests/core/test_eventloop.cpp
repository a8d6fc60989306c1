// The event loop (core/runtime/event_loop.hpp), the send generator, and the eventloop demo.
// No wall-clock bounds: what is checked is structure (who was suspended while who ran, what ran
// during a blocking call) and what holds on any machine (a sleep never ends early).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/demos/eventloop.hpp"
#include "core/runtime/event_loop.hpp"
#include "core/runtime/send_generator.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::run_to_end;

namespace {

struct Seen {
    int id;
    CoState s;
};

/// A loop that waits by really sleeping and remembers every state change in order.
EventLoopHooks recording_hooks(std::vector<Seen>& seen) {
    EventLoopHooks h;
    h.wait_until = [](Nanos deadline) {
        const Nanos d = deadline - now_ns();
        if (d > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(d));
    };
    h.on_state = [&seen](int id, CoState s, Nanos) { seen.push_back({id, s}); };
    return h;
}

CoTask napper(EventLoop& loop, int steps, Nanos d, std::vector<Nanos>* slept = nullptr) {
    for (int i = 0; i < steps; ++i) {
        const Nanos t = now_ns();
        co_await loop.sleep(d);
        if (slept) slept->push_back(now_ns() - t);
    }
}

CoTask gather_main(EventLoop& loop, int n, bool gather) {
    if (gather) {
        std::vector<int> ids;
        for (int i = 0; i < n; ++i) ids.push_back(loop.spawn(napper(loop, 2, ms_to_ns(5))));
        co_await loop.gather(std::move(ids));
    } else {
        for (int i = 0; i < n; ++i) {
            std::vector<int> one(1, loop.spawn(napper(loop, 2, ms_to_ns(5))));
            co_await loop.gather(std::move(one));
        }
    }
}

/// How many of the tasks (ids >= 1) were suspended at once, at most, by the order of events.
int most_suspended_at_once(const std::vector<Seen>& seen) {
    std::vector<bool> susp(16, false);
    int most = 0;
    for (const Seen& e : seen) {
        if (e.id < 1) continue;
        susp[static_cast<std::size_t>(e.id)] = e.s == CoState::Suspended;
        most = std::max(most, static_cast<int>(std::count(susp.begin(), susp.end(), true)));
    }
    return most;
}

void set(EventLoopDemo& d, const char* key, const char* text) {
    std::string err;
    REQUIRE_MESSAGE(d.set_param_text(key, text, &err), err);
}

} // namespace

TEST_CASE("EventLoop.GatherSuspendsEveryTaskAtOnceSequentialOneAtATime") {
    for (bool gather : {true, false}) {
        CAPTURE(gather);
        std::vector<Seen> seen;
        EventLoop loop(recording_hooks(seen));
        loop.spawn(gather_main(loop, 3, gather));
        loop.run();
        for (int id = 0; id < loop.size(); ++id) CHECK(loop.done(id));
        CHECK(most_suspended_at_once(seen) == (gather ? 3 : 1));
        // main (id 0) finishes last, after every task.
        REQUIRE(!seen.empty());
        CHECK(seen.back().id == 0);
        CHECK(seen.back().s == CoState::Done);
        if (!gather) {
            // One after another: task k+1 first runs only after task k is done.
            std::vector<int> done_order, first_run;
            for (const Seen& e : seen) {
                if (e.id >= 1 && e.s == CoState::Done) done_order.push_back(e.id);
                if (e.id >= 1 && e.s == CoState::Running && std::find(first_run.begin(), first_run.end(), e.id) == first_run.end()) {
                    CHECK(done_order.size() == static_cast<std::size_t>(e.id - 1));
                    first_run.push_back(e.id);
                }
            }
            CHECK(done_order == std::vector<int>{1, 2, 3});
        }
    }
}

TEST_CASE("EventLoop.ASleepNeverEndsEarlyAndEveryStateChangeIsOrdered") {
    std::vector<Seen> seen;
    std::vector<Nanos> slept;
    EventLoop loop(recording_hooks(seen));
    loop.spawn(napper(loop, 3, ms_to_ns(3), &slept));
    loop.run();
    REQUIRE(slept.size() == 3);
    for (Nanos s : slept) CHECK(s >= ms_to_ns(3));
    // Ready -> Running -> Suspended -> Ready -> Running ... -> Done.
    std::vector<CoState> states;
    for (const Seen& e : seen) states.push_back(e.s);
    const std::vector<CoState> want{CoState::Ready, CoState::Running, CoState::Suspended, CoState::Ready, CoState::Running,
                                    CoState::Suspended, CoState::Ready, CoState::Running, CoState::Suspended,
                                    CoState::Ready, CoState::Running, CoState::Done};
    CHECK(states == want);
}

TEST_CASE("EventLoop.AStopThrownByTheWaitUnwindsAndFramesAreFreed") {
    struct Stop {};
    EventLoopHooks h;
    h.wait_until = [](Nanos) { throw Stop{}; };
    {
        EventLoop loop(std::move(h));
        loop.spawn(napper(loop, 5, ms_to_ns(1000)));
        CHECK_THROWS_AS(loop.run(), Stop);
        CHECK_FALSE(loop.done(0));
    } // the destructor frees the suspended frame (ASan would report a leak)
}

namespace {
SendGenerator doubler() {
    std::int64_t reply = -1;
    for (;;) {
        const std::int64_t item = co_yield reply;
        reply = item * 2;
    }
}
} // namespace

TEST_CASE("SendGenerator.StartRunsToTheFirstYieldAndSendResumesWithTheValue") {
    SendGenerator g = doubler();
    CHECK(g.start() == -1);
    CHECK(g.send(3) == 6);
    CHECK(g.send(10) == 20);
    CHECK_FALSE(g.done());
}

TEST_CASE("EventLoopDemo.GatherOverlapsSequentialAddsUp") {
    EventLoopDemo d;
    set(d, "tasks", "3");
    set(d, "steps", "2");
    set(d, "step-ms", "20");
    set(d, "style", "gather");
    run_to_end(d);
    EventLoopDemo::Measured g = d.measured();
    CHECK(g.finished);
    CHECK(g.tasks_done == 3);
    CHECK(g.max_suspended_together == 3);
    CHECK(g.overlapped);
    CHECK(g.wall_ms >= d.longest_task_ms());
    CHECK(d.errors().empty());

    set(d, "style", "sequential");
    run_to_end(d);
    EventLoopDemo::Measured s = d.measured();
    CHECK(s.finished);
    CHECK(s.max_suspended_together == 1);
    CHECK_FALSE(s.overlapped);
    CHECK(s.finish_order == std::vector<int>{1, 2, 3});
    CHECK(s.wall_ms >= d.sleep_sum_ms()); // sleeps never end early, and here they follow each other
    // Lanes: the loop's thread, main() and one per task.
    CHECK(d.timeline().lanes().size() == 5);
    const Json j = d.to_json();
    for (const char* key : {"tasks", "style", "blocking", "wall_ms", "loop_blocked_ms"}) CHECK(j.contains(key));
    CHECK(j["style"] == "sequential");
}

TEST_CASE("EventLoopDemo.BlockingCallStallsEveryOtherTask") {
    EventLoopDemo d;
    set(d, "tasks", "3");
    set(d, "steps", "2");
    set(d, "step-ms", "10");
    set(d, "blocking", "on");
    set(d, "blocking-task", "2");
    set(d, "blocking-ms", "60");
    run_to_end(d);
    const EventLoopDemo::Measured m = d.measured();
    CHECK(m.blocking_calls == 1);
    CHECK(m.loop_blocked_ms >= 0.9 * 60);
    // Task 1's timer fell due during the block: it waited, ready, until the call returned.
    CHECK(m.max_ready_wait_ms >= 0.9 * (60 - 10));
    // The timeline: the loop's lane has one blocked span, and no other coroutine ran inside it.
    const auto& lanes = d.timeline().lanes();
    REQUIRE(lanes.size() == 5);
    std::vector<Span> blocked;
    for (const Span& s : lanes[0].spans)
        if (s.state == EventLoopDemo::kLoopBlocked) blocked.push_back(s);
    REQUIRE(blocked.size() == 1);
    const Span b = blocked[0];
    int blocking_spans = 0;
    for (std::size_t lane = 1; lane < lanes.size(); ++lane)
        for (const Span& s : lanes[lane].spans) {
            if (s.state == EventLoopDemo::kBlockingCall) {
                ++blocking_spans;
                CHECK(lane == 3); // lane 3 is task 2 (0: loop, 1: main)
            }
            // The blocking task itself goes on when its call returns; nobody else starts inside.
            if (s.state == ThreadState::Running && lane != 3) CHECK_FALSE((s.start > b.start && s.start < b.end));
        }
    CHECK(blocking_spans == 1);
    const Json j = d.to_json();
    CHECK(j["blocking"] == true);
}

TEST_CASE("EventLoopDemo.GeneratorHandsEveryValueAndGetsItsReply") {
    EventLoopDemo d;
    set(d, "variant", "generator");
    set(d, "steps", "4");
    set(d, "step-ms", "10");
    run_to_end(d);
    const EventLoopDemo::Measured m = d.measured();
    CHECK(m.finished);
    CHECK(m.replies == std::vector<std::int64_t>{1, 2, 3, 4});
    CHECK(d.timeline().lanes().size() == 4); // loop, main(), producer, consumer
    CHECK(d.to_json()["sent"] == 4);
}

TEST_CASE("EventLoopDemo.StopsWhileWaitingAndWhileBlocked") {
    for (const char* blocking : {"off", "on"}) {
        CAPTURE(blocking);
        EventLoopDemo d;
        set(d, "step-ms", "5000");
        set(d, "blocking", blocking);
        set(d, "blocking-ms", "10000");
        d.start();
        // Wait until the loop is inside its long wait (or the blocking call).
        const ThreadState want = std::string(blocking) == "on" ? EventLoopDemo::kLoopBlocked : EventLoopDemo::kLoopWaiting;
        CHECK(test::poll_until(
            d,
            [&] {
                const auto& l = d.timeline().lanes();
                return !l.empty() && !l[0].spans.empty() && l[0].spans.back().state == want;
            },
            test::kStopFinishes));
        const auto t = std::chrono::steady_clock::now();
        d.stop();
        CHECK(std::chrono::steady_clock::now() - t < test::kStopFinishes);
        CHECK_FALSE(d.running());
        CHECK_FALSE(d.measured().finished);
        const double wall = d.measured().wall_ms;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        CHECK(d.measured().wall_ms == wall); // the clock stopped with the run
        for (const Lane& l : d.timeline().lanes()) CHECK_FALSE(l.open); // every lane closed
        d.reset();
    }
}

TEST_CASE("EventLoopDemo.GeneratorStopsCleanlyWhereverTheStopFalls") {
    // The stop may land in the producer's await, in send() or in the consumer's work: each
    // unwinds through the coroutine frames (ASan checks that every frame is freed once).
    for (int wait_ms : {0, 7, 23}) {
        CAPTURE(wait_ms);
        EventLoopDemo d;
        set(d, "variant", "generator");
        set(d, "steps", "10");
        set(d, "step-ms", "12");
        d.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        d.stop();
        CHECK_FALSE(d.running());
        CHECK(d.errors().empty());
        for (const Lane& l : d.timeline().lanes()) CHECK_FALSE(l.open);
    }
}
