#include <doctest/doctest.h>

#include <chrono>

#include "core/trace/timeline.hpp"

using namespace tl;

static Event state(Nanos t, std::uint16_t lane, ThreadState s, std::uint32_t obj = 0) {
    return Event{t, 0, obj, lane, EventKind::State, static_cast<std::uint8_t>(s)};
}

TEST_CASE("Timeline.StateEventsBecomeSpans") {
    Timeline tl;
    tl.add(state(0, 0, ThreadState::Running));
    tl.add(state(10, 0, ThreadState::WaitLock, 1));
    tl.add(state(25, 0, ThreadState::HoldLock, 1));
    tl.add(state(40, 0, ThreadState::Idle));
    REQUIRE(tl.lanes().size() == 1);
    const auto& spans = tl.lanes()[0].spans;
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].state == ThreadState::Running);
    CHECK(spans[0].end == 10);
    CHECK(spans[1].state == ThreadState::WaitLock);
    CHECK(spans[1].object == 1);
    CHECK(spans[2].end == 40);
    CHECK_FALSE(tl.lanes()[0].open);
}

TEST_CASE("Timeline.RepeatedStateMerges") {
    Timeline tl;
    tl.add(state(0, 0, ThreadState::Running));
    tl.add(state(5, 0, ThreadState::Running));
    tl.add(state(9, 0, ThreadState::Sleeping));
    CHECK(tl.lanes()[0].spans.size() == 2);
    CHECK(tl.lanes()[0].spans[0].end == 9);
}

TEST_CASE("Timeline.VisibleRangeByBinarySearch") {
    Timeline tl;
    for (int i = 0; i < 1000; ++i)
        tl.add(state(i * 10, 0, i % 2 ? ThreadState::Running : ThreadState::Sleeping));
    const auto& lane = tl.lanes()[0];
    auto [first, last] = Timeline::visible_spans(lane, 105, 205);
    CHECK(first == 10); // span [100,110) overlaps 105
    CHECK(last == 21);  // span starting at 200 is the last overlapping
    auto [f2, l2] = Timeline::visible_spans(lane, 100000, 200000);
    CHECK(f2 == l2);
}

TEST_CASE("Timeline.MarkersAndAdvance") {
    Timeline tl;
    tl.add(state(0, 1, ThreadState::Running));
    tl.add(Event{7, 3, 1, 1, EventKind::Mark, static_cast<std::uint8_t>(MarkKind::LostUpdate)});
    tl.advance(50);
    REQUIRE(tl.lanes().size() == 2);
    CHECK(tl.lanes()[1].markers.size() == 1);
    CHECK(tl.lanes()[1].markers[0].value == 3);
    CHECK(tl.lanes()[1].spans.back().end == 50);
    auto [f, l] = Timeline::visible_markers(tl.lanes()[1], 0, 6);
    CHECK(f == l);
}

TEST_CASE("Clock.MonotonicAndTracksSteadyClock") {
    // Each reading of the recorder's clock is bracketed by two steady-clock readings, so the
    // recorder's interval must lie between the inner and the outer steady interval (give or take
    // the calibration's error), however long the thread is preempted between any two of them.
    using std::chrono::steady_clock;
    const auto ns = [](steady_clock::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); };
    const auto a0 = steady_clock::now();
    const Nanos a = now_ns();
    const auto a1 = steady_clock::now();
    while (steady_clock::now() - a1 < std::chrono::milliseconds(20)) {
    }
    const auto b0 = steady_clock::now();
    const Nanos b = now_ns();
    const auto b1 = steady_clock::now();
    CHECK(b > a);
    const double inner = static_cast<double>(ns(b0 - a1)), outer = static_cast<double>(ns(b1 - a0));
    const double got = static_cast<double>(b - a);
    CHECK(inner >= 20e6);
    CHECK(got >= inner * 0.95 - 1e6);
    CHECK(got <= outer * 1.05 + 1e6);
}
