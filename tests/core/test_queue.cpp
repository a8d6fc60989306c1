// The queue demo: the bookkeeping balances in every mode, order is kept, drops / empties /
// timeouts are counted, terminate loses exactly what was queued, the unlocked queue is caught
// losing or duplicating items, and Stop works while everyone is blocked.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "tests/support/bounds.hpp"
#include "core/demo/registry.hpp"
#include "tests/support/run_demo.hpp"
#include "core/demos/queue.hpp"
#include "core/runtime/barrier.hpp"

using namespace tl;
using tl::test::run_to_end;
using namespace std::chrono;

namespace {


void set(QueueDemo& d, const char* key, const std::string& value) {
    std::string err;
    REQUIRE_MESSAGE(d.set_param_text(key, value, &err), err);
}

// A fast run: nobody waits long unless the test says so.
void fast(QueueDemo& d, int producers, int consumers, int items) {
    set(d, "producers", std::to_string(producers));
    set(d, "consumers", std::to_string(consumers));
    set(d, "items", std::to_string(items));
    set(d, "produce-ms", "0");
    set(d, "consume-ms", "0");
}

// The first two actors reaching the unlocked race window meet there (deterministic race).
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

void check_clean(const QueueDemo& d, int produced) {
    REQUIRE(d.has_result());
    const QueueCheck& r = d.result();
    CHECK(r.produced == static_cast<std::uint64_t>(produced));
    CHECK(r.balanced);
    CHECK(r.produced == r.consumed + r.dropped + r.remaining + r.lost_at_shutdown);
    CHECK(r.lost == 0);
    CHECK(r.duplicated == 0);
    CHECK(r.unknown == 0);
    CHECK(r.order_violations == 0);
    CHECK(r.dropped_items.size() == r.dropped);
    CHECK(r.lost_at_shutdown_items.size() == r.lost_at_shutdown);
    CHECK(d.bookkeeping().balanced);
    CHECK(d.errors().empty());
}

} // namespace

TEST_CASE("Queue.Demo.ParamsAreTheCommandLineFlags") {
    auto d = make_demo("queue");
    REQUIRE(d);
    CHECK(d->id() == "queue");
    std::vector<std::string> keys;
    for (const ParamSpec& s : d->params().specs()) keys.push_back(s.key);
    CHECK(keys == std::vector<std::string>{"producers", "consumers", "capacity", "policy", "items", "put", "get",
                                           "timeout-ms", "produce-ms", "consume-ms", "shutdown", "lock"});
    CHECK(ParamSet::range_text(*d->params().find("policy")) == "fifo|lifo|priority");
    CHECK(ParamSet::range_text(*d->params().find("put")) == "block|nowait|timeout");
    CHECK(ParamSet::range_text(*d->params().find("get")) == "block|nowait|timeout");
    CHECK(ParamSet::range_text(*d->params().find("shutdown")) == "drain|terminate");
    CHECK(ParamSet::range_text(*d->params().find("capacity")) == "0..64");
    CHECK(ParamSet::range_text(*d->params().find("producers")) == "1..16");
    CHECK(d->params().find("produce-ms")->live);
    CHECK(d->params().find("consume-ms")->live);
    CHECK_FALSE(d->set_param_text("capacity", "65"));
    CHECK_FALSE(d->set_param_text("policy", "random"));
}

TEST_CASE("Queue.Balance.HoldsForEveryPolicyModeAndThreadCount") {
    const std::pair<int, int> counts[] = {{1, 1}, {3, 2}, {2, 5}};
    for (std::string policy : {"fifo", "lifo", "priority"})
        for (std::string put : {"block", "nowait", "timeout"})
            for (std::string get : {"block", "nowait", "timeout"})
                for (std::string shutdown : {"drain", "terminate"})
                    for (auto [producers, consumers] : counts) {
                        CAPTURE(policy);
                        CAPTURE(put);
                        CAPTURE(get);
                        CAPTURE(shutdown);
                        CAPTURE(producers);
                        CAPTURE(consumers);
                        QueueDemo d;
                        fast(d, producers, consumers, 25);
                        set(d, "consume-ms", "1"); // consumers slower than producers: the queue fills
                        set(d, "capacity", "3");
                        set(d, "timeout-ms", "1");
                        set(d, "policy", policy);
                        set(d, "put", put);
                        set(d, "get", get);
                        set(d, "shutdown", shutdown);
                        run_to_end(d);
                        check_clean(d, producers * 25);
                        const QueueCheck& r = d.result();
                        CHECK(r.remaining == 0);
                        if (shutdown == "drain") CHECK(r.lost_at_shutdown == 0);
                        if (put == "block") CHECK(r.dropped == 0);
                        CHECK(d.result().order_checked == (policy == "fifo"));
                    }
}

TEST_CASE("Queue.Fifo.KeepsEachProducersOrder") {
    for (std::string capacity : {"1", "4", "0"}) {
        CAPTURE(capacity);
        QueueDemo d;
        fast(d, 4, 4, 300);
        set(d, "capacity", capacity);
        run_to_end(d);
        check_clean(d, 1200);
        CHECK(d.result().order_checked);
        CHECK(d.result().consumed == 1200);
        CHECK(d.result().order_violation_items.empty());
    }
}

TEST_CASE("Queue.Checker.FindsLossesDuplicatesAndOrderViolations") {
    QueueLedger l;
    l.producers = 2;
    l.items = 3;
    l.fates = {{ItemFate::Accepted, ItemFate::Accepted, ItemFate::Accepted},
               {ItemFate::Accepted, ItemFate::Dropped, ItemFate::Accepted}};
    l.check_order = true;
    // A1 A3 A2 (out of order) B1 B1 (twice); B3 still queued; nothing of A missing... but B2 dropped.
    l.deliveries = {{0, {0, 0, 0}}, {1, {0, 2, 0}}, {2, {0, 1, 0}}, {3, {1, 0, 0}}, {4, {1, 0, 0}}};
    l.remaining = {{1, 2, 0}};
    QueueCheck c = check_queue(l);
    CHECK(c.produced == 6);
    CHECK(c.dropped == 1);
    CHECK(c.dropped_items == std::vector<std::string>{"B2"});
    CHECK(c.consumed == 5);
    CHECK(c.remaining == 1);
    CHECK(c.duplicated == 1);
    CHECK(c.duplicated_items == std::vector<std::string>{"B1"});
    CHECK(c.lost == 0);
    CHECK(c.order_violations == 1);
    CHECK(c.order_violation_items == std::vector<std::string>{"A2"});
    CHECK_FALSE(c.balanced); // 6 != 5 + 1 + 1: the duplicate shows in the count
    CHECK_FALSE(c.clean());

    l.deliveries = {{0, {0, 0, 0}}, {1, {0, 1, 0}}, {2, {1, 0, 0}}};
    l.remaining = {};
    l.lost_at_shutdown = {{1, 2, 0}};
    c = check_queue(l);
    CHECK(c.lost == 1);
    CHECK(c.lost_items == std::vector<std::string>{"A3"});
    CHECK(c.lost_at_shutdown_items == std::vector<std::string>{"B3"});
    CHECK(c.order_violations == 0);
    CHECK_FALSE(c.balanced);
}

TEST_CASE("Queue.NoWaitPut.FullQueueDropsAndCounts") {
    QueueDemo d;
    fast(d, 1, 1, 20);
    set(d, "capacity", "2");
    set(d, "consume-ms", "100"); // the producer outruns the consumer by far
    set(d, "put", "nowait");
    set(d, "shutdown", "terminate");
    run_to_end(d);
    check_clean(d, 20);
    const QueueCheck& r = d.result();
    CHECK(r.dropped >= 10);
    CHECK(r.dropped_items.size() == r.dropped);
    CHECK(r.consumed + r.dropped + r.lost_at_shutdown == 20);
    CHECK(r.lost_at_shutdown >= 1);
}

TEST_CASE("Queue.NoWaitGet.EmptyQueueIsReportedAndCounted") {
    QueueDemo d;
    fast(d, 1, 2, 3);
    set(d, "produce-ms", "30"); // consumers look every 5 ms: they find it empty many times
    set(d, "get", "nowait");
    run_to_end(d);
    check_clean(d, 3);
    CHECK(d.result().consumed == 3);
    CHECK(d.snapshot().stats.empty_gets >= 3);
}

TEST_CASE("Queue.Timeouts.ExpireAndAreCounted") {
    SUBCASE("get: producers slower than the timeout") {
        QueueDemo d;
        fast(d, 1, 1, 3);
        set(d, "produce-ms", "100"); // 20 timeouts' worth per item: a descheduled consumer still sees some
        set(d, "get", "timeout");
        set(d, "timeout-ms", "5");
        run_to_end(d);
        check_clean(d, 3);
        CHECK(d.result().consumed == 3);
        CHECK(d.snapshot().stats.get_timeouts >= 3);
    }
    SUBCASE("put: consumers slower than the timeout; the item is dropped") {
        QueueDemo d;
        fast(d, 1, 1, 6);
        set(d, "capacity", "1");
        set(d, "consume-ms", "60");
        set(d, "put", "timeout");
        set(d, "timeout-ms", "5");
        run_to_end(d);
        check_clean(d, 6);
        const auto s = d.snapshot().stats;
        CHECK(s.put_timeouts >= 1);
        CHECK(d.result().dropped == s.put_timeouts);
    }
}

TEST_CASE("Queue.Terminate.LosesExactlyTheQueuedItemsAndNamesThem") {
    QueueDemo d;
    fast(d, 2, 1, 5);
    set(d, "capacity", "16");
    set(d, "produce-ms", "20");   // the consumer takes the first item while the rest are made...
    set(d, "consume-ms", "1000"); // ...and is busy with it when production ends
    set(d, "shutdown", "terminate");
    run_to_end(d);
    // A consumer busy with an item when production ended was stopped, not waited for: its last
    // item's work (1000 ms when waited for) was cut short. Read from the timeline, so a slow
    // machine cannot break it. (Were it slow to wake, it might get no item before production
    // ends: then it was never busy.)
    const Span* last_work = nullptr;
    for (const Lane& l : d.timeline().lanes())
        if (l.name.format == "Consumer {1}")
            for (const Span& s : l.spans)
                if (s.state == ThreadState::Working) last_work = &s;
    CHECK((last_work != nullptr) == (d.result().consumed > 0));
    if (last_work) CHECK(last_work->end - last_work->start < ms_to_ns(1000));
    check_clean(d, 10);
    CHECK(d.terminated());
    const QueueCheck& r = d.result();
    CHECK(r.dropped == 0);
    CHECK(r.remaining == 0);
    CHECK(r.lost_at_shutdown >= 1);
    CHECK(r.consumed + r.lost_at_shutdown == 10);
    // The named items are distinct real items; with nothing lost or duplicated (check_clean),
    // every item was either consumed or named here: exactly the ones nobody consumed.
    std::set<std::string> all, named(r.lost_at_shutdown_items.begin(), r.lost_at_shutdown_items.end());
    for (int p = 0; p < 2; ++p)
        for (int s = 0; s < 5; ++s) all.insert(QueueItem{p, s, 0}.name());
    CHECK(named.size() == r.lost_at_shutdown);
    for (const std::string& n : named) CHECK(all.count(n) == 1);
}

TEST_CASE("Queue.Drain.LosesNothing") {
    QueueDemo d;
    fast(d, 2, 1, 5);
    set(d, "capacity", "16");
    set(d, "consume-ms", "5");
    run_to_end(d);
    check_clean(d, 10);
    CHECK_FALSE(d.terminated());
    CHECK(d.result().consumed == 10);
    CHECK(d.result().lost_at_shutdown == 0);
    CHECK(d.result().remaining == 0);
}

TEST_CASE("Queue.LockOff.CheckerFindsLossesOrDuplicates") {
    SUBCASE("two producers claim the same slot: an item is lost") {
        for (std::string policy : {"fifo", "lifo", "priority"}) {
            CAPTURE(policy);
            QueueDemo d;
            fast(d, 2, 1, 10);
            set(d, "lock", "off");
            set(d, "policy", policy);
            ForcedRace race(InstrumentedQueue::Window::Put);
            auto put_hook = race.hook();
            d.set_race_hook([&](Actor& a, InstrumentedQueue::Window w) {
                if (w == InstrumentedQueue::Window::Put) return put_hook(a, w);
                // LIFO and priority reuse slot 0: a consumer emptying the queue before the second
                // racing put lands would make its stale count right again (ABA) and rescue the
                // item. Hold gets until both racing puts (each producer's first) are done.
                for (;;) {
                    const auto by = d.produced_by();
                    if (std::all_of(by.begin(), by.end(), [](std::uint64_t n) { return n >= 1; })) break;
                    a.sleep(ms_to_ns(1));
                }
            });
            run_to_end(d);
            REQUIRE(d.has_result());
            const QueueCheck& r = d.result();
            CHECK(r.lost + r.duplicated >= 1);
            CHECK(r.lost_items.size() + r.duplicated_items.size() == r.lost + r.duplicated);
            CHECK_FALSE(r.clean());
        }
    }
    SUBCASE("two consumers read the same slot: an item is delivered twice") {
        QueueDemo d;
        fast(d, 1, 2, 10);
        set(d, "lock", "off");
        ForcedRace race(InstrumentedQueue::Window::Get);
        d.set_race_hook(race.hook());
        run_to_end(d);
        REQUIRE(d.has_result());
        const QueueCheck& r = d.result();
        CHECK(r.duplicated >= 1);
        CHECK(r.duplicated_items.size() == r.duplicated);
        CHECK_FALSE(r.clean());
    }
}

TEST_CASE("Queue.LockOff.UnforcedRunsEndAndEveryDeliveryIsAccountedFor") {
    // Whatever the interleaving, each accepted item is seen n times (consumed, still queued or
    // lost at shutdown): sum(n) = accepted - lost + duplicated. The checker must always agree.
    for (std::string policy : {"fifo", "lifo", "priority"})
        for (std::string shutdown : {"drain", "terminate"}) {
            CAPTURE(policy);
            CAPTURE(shutdown);
            QueueDemo d;
            fast(d, 4, 4, 40);
            set(d, "capacity", "4");
            set(d, "lock", "off");
            set(d, "policy", policy);
            set(d, "shutdown", shutdown);
            run_to_end(d);
            REQUIRE(d.has_result());
            const QueueCheck& r = d.result();
            CHECK(d.errors().empty());
            CHECK(r.produced == 160);
            CHECK(r.dropped == 0);
            CHECK(r.unknown == 0);
            CHECK(r.consumed + r.remaining + r.lost_at_shutdown == r.produced - r.lost + r.duplicated);
            CHECK(r.lost_items.size() == r.lost);
            CHECK(r.duplicated_items.size() == r.duplicated);
            CHECK(r.balanced == (r.lost == r.duplicated));
        }
}

TEST_CASE("Queue.LockOn.NeverLosesOrDuplicates") {
    for (std::string policy : {"fifo", "lifo", "priority"}) {
        CAPTURE(policy);
        QueueDemo d;
        fast(d, 8, 8, 250);
        set(d, "capacity", "4");
        set(d, "policy", policy);
        std::atomic<int> windows{0};
        d.set_race_hook([&](Actor&, InstrumentedQueue::Window) { ++windows; });
        run_to_end(d);
        check_clean(d, 2000);
        CHECK(d.result().consumed == 2000);
        CHECK(windows == 0); // with the lock on, the race window never opens
    }
}

TEST_CASE("Queue.Stop.WhileBlockedOnFullAndOnEmpty.Joins") {
    for (std::string mode : {"block", "timeout"}) {
        CAPTURE(mode);
        for (bool producers_block : {true, false}) {
            CAPTURE(producers_block);
            QueueDemo d;
            fast(d, 4, 4, 1000);
            set(d, "capacity", "1");
            set(d, "put", mode);
            set(d, "get", mode);
            set(d, "timeout-ms", "10000");
            // Either consumers are stuck working (producers block on full) or producers are
            // (consumers block on empty).
            set(d, producers_block ? "consume-ms" : "produce-ms", "1000");
            d.start();
            std::this_thread::sleep_for(milliseconds(100));
            d.poll();
            REQUIRE(d.running());
            const auto& lanes = d.timeline().lanes();
            REQUIRE(lanes.size() == 8);
            const ThreadState want = producers_block ? queue_state::BlockedFull : queue_state::BlockedEmpty;
            int blocked = 0;
            for (const Lane& l : lanes) blocked += !l.spans.empty() && l.spans.back().state == want;
            CHECK(blocked >= 3); // all but (at most) the one whose put or get went through
            const auto t0 = steady_clock::now();
            d.stop();
            CHECK(steady_clock::now() - t0 < tl::test::kStopFinishes);
            CHECK_FALSE(d.running());
            REQUIRE(d.has_result());
            CHECK(d.result().balanced); // items stranded by Stop are "remaining", still counted
            CHECK(d.result().lost == 0);
        }
    }
}

TEST_CASE("Queue.Demo.SamplesAndSnapshotForTheView") {
    QueueDemo d;
    fast(d, 2, 1, 15);
    set(d, "capacity", "4");
    set(d, "consume-ms", "10");
    set(d, "policy", "priority");
    d.start();
    std::this_thread::sleep_for(milliseconds(40));
    d.poll();
    const auto snap = d.snapshot();
    CHECK(snap.capacity == 4);
    CHECK(snap.policy == QueuePolicy::Priority);
    CHECK(snap.items.size() == static_cast<std::size_t>(snap.stats.depth));
    for (std::size_t i = 1; i < snap.items.size(); ++i) CHECK(snap.items[i - 1].priority <= snap.items[i].priority);
    while (d.running()) {
        d.poll();
        std::this_thread::sleep_for(milliseconds(2));
    }
    d.stop();
    CHECK(d.samples().size() >= 3);
    CHECK(d.snapshot().stats.max_depth == 4);
    CHECK(d.produced_by().size() == 2);
    CHECK(d.consumed_by().size() == 1);
    CHECK(d.consumed_by()[0] == 30);
    check_clean(d, 30);
    const Json j = d.to_json();
    for (const char* key : {"produced", "consumed", "dropped", "remaining", "lost_at_shutdown", "duplicated", "lost",
                            "order_violations", "max_depth"})
        CHECK_MESSAGE(j[key].is_number(), key);
    d.reset();
    CHECK_FALSE(d.has_result());
    CHECK(d.samples().empty());
}
