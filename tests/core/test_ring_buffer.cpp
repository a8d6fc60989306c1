#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "core/trace/recorder.hpp"
#include "core/trace/ring_buffer.hpp"

using namespace tl;

TEST_CASE("Ring.BelowCapacity.NothingLost") {
    RingBuffer ring(64);
    REQUIRE(ring.capacity() == 64);
    for (int i = 0; i < 64; ++i) CHECK(ring.push(Event{i, i, 0, 0, EventKind::State, 0}));
    std::vector<std::int64_t> got;
    CHECK(ring.drain([&](const Event& e) { got.push_back(e.value); }) == 64);
    REQUIRE(got.size() == 64);
    for (int i = 0; i < 64; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
    CHECK(ring.overflow() == 0);
}

TEST_CASE("Ring.AboveCapacity.OverflowCounted") {
    RingBuffer ring(16);
    for (int i = 0; i < 40; ++i) ring.push(Event{i, i, 0, 0, EventKind::State, 0});
    CHECK(ring.overflow() == 24);
    std::vector<std::int64_t> got;
    ring.drain([&](const Event& e) { got.push_back(e.value); });
    REQUIRE(got.size() == 16);
    CHECK(got.front() == 0); // the oldest are kept, the newest dropped and counted
    CHECK(got.back() == 15);
    // After draining there is room again.
    CHECK(ring.push(Event{}));
}

TEST_CASE("Ring.ConcurrentProducerConsumer.InOrder") {
    RingBuffer ring(256);
    constexpr int kCount = 200000;
    std::thread producer([&] {
        for (int i = 0; i < kCount; ++i)
            while (!ring.push(Event{i, i, 0, 0, EventKind::State, 0})) std::this_thread::yield();
    });
    std::int64_t expected = 0;
    bool in_order = true;
    // Both sides yield when they can do nothing: two spinning threads on two busy cores (or one)
    // could otherwise take longer than the test's time limit.
    while (expected < kCount)
        if (ring.drain([&](const Event& e) {
                in_order = in_order && e.value == expected;
                ++expected;
            }) == 0)
            std::this_thread::yield();
    producer.join();
    CHECK(in_order);
    CHECK(expected == kCount);
}

TEST_CASE("Recorder.PerLaneOverflowIsReported") {
    Recorder rec(8);
    const LaneId a = rec.add_lane("A");
    const LaneId b = rec.add_lane("B");
    for (int i = 0; i < 20; ++i) rec.record(a, Event{i, 0, 0, a, EventKind::State, 1});
    for (int i = 0; i < 5; ++i) rec.record(b, Event{i, 0, 0, b, EventKind::State, 1});
    CHECK(rec.overflow(a) == 12);
    CHECK(rec.overflow(b) == 0);
    CHECK(rec.total_overflow() == 12);
    CHECK(rec.lane_name(b).english() == "B");
    std::size_t n = rec.poll([](const Event&) {});
    CHECK(n == 13);
}
