// The queue primitive on its own: policies, non-blocking and timed operations, shutdown, the
// unlocked race windows (forced with a barrier, so they happen every time), and stop.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/support/bounds.hpp"
#include "core/runtime/barrier.hpp"
#include "core/runtime/instrumented_queue.hpp"

using namespace tl;
using namespace std::chrono;

namespace {

// Runs body on one actor thread and joins it. Results are collected there, checked here.
template <class F> void on_actor(F&& body) {
    Recorder rec;
    Runtime rt(rec);
    rt.spawn("actor", [&](Actor& a) { body(a); });
    rt.join();
    REQUIRE(rt.errors().empty());
}

InstrumentedQueue::Config config(int capacity, QueuePolicy p = QueuePolicy::Fifo, bool locked = true) {
    InstrumentedQueue::Config c;
    c.capacity = capacity;
    c.unbounded_slots = 1000;
    c.policy = p;
    c.locked = locked;
    return c;
}

std::vector<int> seqs(const std::vector<QueueItem>& items) {
    std::vector<int> v;
    for (const QueueItem& it : items) v.push_back(it.seq);
    return v;
}

// Lets the first two actors that reach the race window wait there for each other.
struct ForcedRace {
    ActorBarrier barrier{2};
    std::atomic<int> arrivals{0};
    InstrumentedQueue::Window which;
    explicit ForcedRace(InstrumentedQueue::Window w) : which(w) {}
    InstrumentedQueue::RaceHook hook() {
        return [this](Actor& a, InstrumentedQueue::Window w) {
            if (w == which && arrivals.fetch_add(1) < 2) barrier.arrive_and_wait(a);
        };
    }
};

} // namespace

TEST_CASE("Queue.Item.PacksAndNames") {
    const QueueItem it{3, 41, 7};
    CHECK(InstrumentedQueue::unpack(InstrumentedQueue::pack(it, 12345)) == it);
    CHECK(it.name() == "D42");
    CHECK(QueueItem{27, 0, 0}.name() == "P281");
    CHECK_FALSE(InstrumentedQueue::unpack(0).valid());
    // Lower priority first, then put order.
    CHECK(InstrumentedQueue::pack({0, 0, 1}, 9) < InstrumentedQueue::pack({0, 0, 2}, 1));
    CHECK(InstrumentedQueue::pack({5, 0, 1}, 1) < InstrumentedQueue::pack({0, 0, 1}, 2));
    CHECK_THROWS(InstrumentedQueue::pack({0, 0, 256}, 0));
    CHECK_THROWS(InstrumentedQueue(config(65)));
}

TEST_CASE("Queue.Policies.ReturnItemsInTheirOrderForAKnownSequence") {
    // seq:            0  1  2  3  4  5  6
    const int prio[] = {5, 1, 3, 1, 0, 9, 3};
    auto run = [&](QueuePolicy p, int capacity) {
        InstrumentedQueue q(config(capacity, p));
        std::vector<QueueItem> in_queue, out;
        on_actor([&](Actor& a) {
            for (int s = 0; s < 7; ++s) q.put(a, QueueItem{s % 2, s, prio[s]});
            in_queue = q.contents();
            for (int s = 0; s < 7; ++s) out.push_back(q.get(a, QueueWait::NoWait).item);
        });
        CHECK(seqs(in_queue) == seqs(out)); // the view's picture is next-out first
        CHECK(q.stats().balanced());
        return seqs(out);
    };
    for (int capacity : {7, 0}) {
        CAPTURE(capacity);
        CHECK(run(QueuePolicy::Fifo, capacity) == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
        CHECK(run(QueuePolicy::Lifo, capacity) == std::vector<int>{6, 5, 4, 3, 2, 1, 0});
        // Lowest number first; equal priorities in put order.
        CHECK(run(QueuePolicy::Priority, capacity) == std::vector<int>{4, 1, 3, 2, 6, 0, 5});
    }
}

TEST_CASE("Queue.Priority.KeepsHeapOrderUnderMixedPutsAndGets") {
    InstrumentedQueue q(config(64, QueuePolicy::Priority));
    std::vector<int> got;
    on_actor([&](Actor& a) {
        int seq = 0;
        for (int round = 0; round < 20; ++round) {
            for (int k = 0; k < 3; ++k, ++seq) q.put(a, QueueItem{0, seq, (seq * 7) % 10});
            got.push_back(q.get(a).item.priority);
        }
        while (q.stats().depth > 0) got.push_back(q.get(a).item.priority);
    });
    REQUIRE(got.size() == 60);
    // After the last put, the rest must come out sorted.
    CHECK(std::is_sorted(got.begin() + 20, got.end()));
    CHECK(q.stats().balanced());
}

TEST_CASE("Queue.NoWaitPut.FullQueueDropsAndCounts") {
    InstrumentedQueue q(config(2));
    std::vector<QueueStatus> st;
    on_actor([&](Actor& a) {
        for (int s = 0; s < 5; ++s) st.push_back(q.put(a, QueueItem{0, s, 0}, QueueWait::NoWait));
    });
    CHECK(st == std::vector<QueueStatus>{QueueStatus::Ok, QueueStatus::Ok, QueueStatus::Full, QueueStatus::Full,
                                         QueueStatus::Full});
    const QueueStats s = q.stats();
    CHECK(s.accepted == 2);
    CHECK(s.refused == 3);
    CHECK(s.dropped() == 3);
    CHECK(s.produced() == 5);
    CHECK(s.depth == 2);
    CHECK(s.max_depth == 2);
    CHECK(s.balanced());
    CHECK(seqs(q.contents()) == std::vector<int>{0, 1}); // the refused items never got in
}

TEST_CASE("Queue.NoWaitGet.EmptyQueueReportsEmpty") {
    InstrumentedQueue q(config(4));
    QueueGet first, second, third;
    on_actor([&](Actor& a) {
        first = q.get(a, QueueWait::NoWait);
        q.put(a, QueueItem{1, 0, 0});
        second = q.get(a, QueueWait::NoWait);
        third = q.get(a, QueueWait::NoWait);
    });
    CHECK(first.status == QueueStatus::Empty);
    CHECK_FALSE(first.item.valid());
    CHECK(second.ok());
    CHECK(second.item == QueueItem{1, 0, 0});
    CHECK(third.status == QueueStatus::Empty);
    CHECK(q.stats().empty_gets == 2);
    CHECK(q.stats().taken == 1);
}

TEST_CASE("Queue.Timeouts.ExpireOnTime") {
    constexpr auto kTimeout = milliseconds(30);
    InstrumentedQueue q(config(1));
    QueueStatus put_status{}, get_status{};
    steady_clock::duration put_took{}, get_took{};
    on_actor([&](Actor& a) {
        q.put(a, QueueItem{0, 0, 0});
        auto t0 = steady_clock::now();
        put_status = q.put(a, QueueItem{0, 1, 0}, QueueWait::Timeout, ms_to_ns(30));
        put_took = steady_clock::now() - t0;
        q.get(a);
        t0 = steady_clock::now();
        get_status = q.get(a, QueueWait::Timeout, ms_to_ns(30)).status;
        get_took = steady_clock::now() - t0;
    });
    CHECK(put_status == QueueStatus::TimedOut);
    CHECK(get_status == QueueStatus::TimedOut);
    CHECK(put_took >= kTimeout); // never early
    CHECK(get_took >= kTimeout);
    CHECK(put_took < tl::test::kStopFinishes); // and they do expire (a safety net, not a target)
    CHECK(get_took < tl::test::kStopFinishes);
    const QueueStats s = q.stats();
    CHECK(s.put_timeouts == 1);
    CHECK(s.get_timeouts == 1);
    CHECK(s.dropped() == 1); // the timed-out put's item is dropped
    CHECK(s.balanced());
}

TEST_CASE("Queue.Timeouts.SucceedWhenRoomComesInTime") {
    InstrumentedQueue q(config(1));
    Recorder rec;
    Runtime rt(rec);
    std::atomic<bool> full{false};
    QueueStatus late = QueueStatus::Full;
    rt.spawn("producer", [&](Actor& a) {
        q.put(a, QueueItem{0, 0, 0});
        full = true;
        late = q.put(a, QueueItem{0, 1, 0}, QueueWait::Timeout, ms_to_ns(5000));
    });
    rt.spawn("consumer", [&](Actor& a) {
        while (!full) a.sleep(ms_to_ns(1));
        a.sleep(ms_to_ns(20));
        q.get(a);
    });
    rt.join();
    CHECK(late == QueueStatus::Ok);
    CHECK(q.stats().put_timeouts == 0);
    CHECK(seqs(q.contents()) == std::vector<int>{1});
}

TEST_CASE("Queue.Unbounded.NeverRefuses") {
    InstrumentedQueue q(config(0));
    int ok = 0;
    on_actor([&](Actor& a) {
        for (int s = 0; s < 500; ++s) ok += q.put(a, QueueItem{0, s, 0}, QueueWait::NoWait) == QueueStatus::Ok;
    });
    CHECK_FALSE(q.bounded());
    CHECK(ok == 500);
    CHECK(q.stats().depth == 500);
    CHECK(q.contents(10).size() == 10);
}

TEST_CASE("Queue.Shutdown.CloseDrainsTerminateDiscards") {
    SUBCASE("close: gets return what is left, then Closed; puts are refused") {
        InstrumentedQueue q(config(4));
        std::vector<QueueStatus> st;
        QueueStatus put_after = QueueStatus::Ok;
        on_actor([&](Actor& a) {
            q.put(a, QueueItem{0, 0, 0});
            q.put(a, QueueItem{0, 1, 0});
            q.close();
            put_after = q.put(a, QueueItem{0, 2, 0});
            for (int i = 0; i < 3; ++i) st.push_back(q.get(a).status); // blocking get must not hang
        });
        CHECK(st == std::vector<QueueStatus>{QueueStatus::Ok, QueueStatus::Ok, QueueStatus::Closed});
        CHECK(put_after == QueueStatus::Closed);
        CHECK(q.stats().balanced());
    }
    SUBCASE("terminate: the queued items are returned, counted, and gets stop") {
        InstrumentedQueue q(config(4, QueuePolicy::Lifo));
        std::vector<QueueItem> lost;
        QueueStatus after = QueueStatus::Ok;
        on_actor([&](Actor& a) {
            for (int s = 0; s < 3; ++s) q.put(a, QueueItem{2, s, 0});
            lost = q.terminate_getters();
            after = q.get(a).status;
        });
        CHECK(seqs(lost) == std::vector<int>{2, 1, 0});
        CHECK(after == QueueStatus::Closed);
        const QueueStats s = q.stats();
        CHECK(s.discarded == 3);
        CHECK(s.depth == 0);
        CHECK(s.balanced());
    }
}

TEST_CASE("Queue.LockOff.TwoProducersClaimTheSameSlot.AnItemIsLost") {
    for (QueuePolicy p : {QueuePolicy::Fifo, QueuePolicy::Lifo, QueuePolicy::Priority}) {
        CAPTURE(static_cast<int>(p));
        InstrumentedQueue q(config(8, p, /*locked=*/false));
        ForcedRace race(InstrumentedQueue::Window::Put);
        q.set_race_hook(race.hook());
        Recorder rec;
        Runtime rt(rec);
        for (int producer = 0; producer < 2; ++producer)
            rt.spawn("producer", [&, producer](Actor& a) { q.put(a, QueueItem{producer, 0, 0}); });
        rt.join();
        REQUIRE(rt.errors().empty());
        const QueueStats s = q.stats();
        CHECK(s.accepted == 2);      // both puts succeeded...
        CHECK(s.depth == 1);         // ...into the same slot
        CHECK_FALSE(s.balanced());
        CHECK(q.contents().size() == 1);
    }
}

TEST_CASE("Queue.LockOff.TwoConsumersReadTheSameSlot.AnItemIsDuplicated") {
    for (QueuePolicy p : {QueuePolicy::Fifo, QueuePolicy::Lifo, QueuePolicy::Priority}) {
        CAPTURE(static_cast<int>(p));
        InstrumentedQueue q(config(8, p, /*locked=*/false));
        ForcedRace race(InstrumentedQueue::Window::Get);
        q.set_race_hook(race.hook());
        Recorder rec;
        Runtime rt(rec);
        QueueGet got[2];
        on_actor([&](Actor& a) { q.put(a, QueueItem{0, 7, 0}); });
        for (int c = 0; c < 2; ++c) rt.spawn("consumer", [&, c](Actor& a) { got[c] = q.get(a); });
        rt.join();
        REQUIRE(rt.errors().empty());
        CHECK(got[0].ok());
        CHECK(got[1].ok());
        CHECK(got[0].item == QueueItem{0, 7, 0});
        CHECK(got[1].item == QueueItem{0, 7, 0});
        CHECK(q.stats().taken == 2);
        CHECK_FALSE(q.stats().balanced());
    }
}

TEST_CASE("Queue.LockOn.RaceWindowNeverOpens") {
    for (QueuePolicy p : {QueuePolicy::Fifo, QueuePolicy::Lifo, QueuePolicy::Priority}) {
        CAPTURE(static_cast<int>(p));
        InstrumentedQueue q(config(4, p));
        std::atomic<int> windows{0};
        q.set_race_hook([&](Actor&, InstrumentedQueue::Window) { ++windows; });
        Recorder rec;
        Runtime rt(rec);
        for (int producer = 0; producer < 4; ++producer)
            rt.spawn("producer", [&, producer](Actor& a) {
                for (int s = 0; s < 500; ++s) q.put(a, QueueItem{producer, s, s % 10});
            });
        std::atomic<int> taken{0};
        for (int c = 0; c < 4; ++c)
            rt.spawn("consumer", [&](Actor& a) {
                while (taken.fetch_add(1) < 2000) q.get(a);
            });
        rt.join();
        REQUIRE(rt.errors().empty());
        CHECK(windows == 0);
        const QueueStats s = q.stats();
        CHECK(s.accepted == 2000);
        CHECK(s.taken == 2000);
        CHECK(s.depth == 0);
        CHECK(s.phantoms == 0);
        CHECK(s.balanced());
    }
}

TEST_CASE("Queue.Stop.BlockedOnFullAndOnEmpty.Joins") {
    for (QueueWait mode : {QueueWait::Block, QueueWait::Timeout}) {
        for (bool locked : {true, false}) {
            CAPTURE(static_cast<int>(mode));
            CAPTURE(locked);
            InstrumentedQueue full(config(1, QueuePolicy::Fifo, locked)), empty(config(1, QueuePolicy::Fifo, locked));
            Recorder rec;
            Runtime rt(rec);
            on_actor([&](Actor& a) { full.put(a, QueueItem{0, 0, 0}); });
            std::atomic<int> returned{0};
            for (int i = 0; i < 4; ++i) {
                rt.spawn("producer", [&, i](Actor& a) {
                    full.put(a, QueueItem{i, 1, 0}, mode, ms_to_ns(100000));
                    ++returned;
                });
                rt.spawn("consumer", [&](Actor& a) {
                    empty.get(a, mode, ms_to_ns(100000));
                    ++returned;
                });
            }
            std::this_thread::sleep_for(milliseconds(50));
            CHECK(rt.active() == 8);
            const auto t0 = steady_clock::now();
            rt.request_stop();
            rt.join();
            CHECK(steady_clock::now() - t0 < tl::test::kStopFinishes);
            CHECK(returned == 0); // they left by ActorStopped, not by succeeding
            CHECK(rt.errors().empty());
            CHECK(full.stats().balanced());
        }
    }
}
