#include <doctest/doctest.h>

#include <string>

#include "core/analysis/deadlock_monitor.hpp"
#include "core/analysis/lock_order.hpp"
#include "core/analysis/wait_for_graph.hpp"

using namespace tl;

static Event sync(std::uint16_t lane, SyncOp op, std::uint32_t lock, std::int64_t value = 0, Nanos ts = 0) {
    return Event{ts, value, lock, lane, EventKind::Sync, static_cast<std::uint8_t>(op)};
}

// [SECTION] Hand-built graphs

TEST_CASE("WaitFor.NoCycle") {
    WaitForGraph g;
    SUBCASE("empty") { CHECK(g.find_cycles().empty()); }
    SUBCASE("waits that end at a free lock or a running holder") {
        g.set_holder(1, 0);    // P1 holds fork 1 and runs
        g.set_waiting(1, 1);   // P2 waits for fork 1
        g.set_holder(2, 1);    // P2 holds fork 2
        g.set_waiting(2, 2);   // P3 waits for fork 2
        g.set_waiting(3, 9);   // P4 waits for a lock nobody holds (about to get it)
        CHECK(g.find_cycles().empty());
        CHECK(g.holder(1) == 0);
        CHECK(g.waiting_for(1) == 1);
        CHECK(g.waiting_for(0) == -1);
    }
}

TEST_CASE("WaitFor.TwoCycle") {
    WaitForGraph g;
    g.set_holder(1, 0);
    g.set_holder(2, 1);
    g.set_waiting(0, 2);
    g.set_waiting(1, 1);
    const auto cycles = g.find_cycles();
    REQUIRE(cycles.size() == 1);
    CHECK(cycles[0].lanes == std::vector<std::uint16_t>{0, 1});
    CHECK(cycles[0].locks == std::vector<std::uint32_t>{2, 1});
    // As links: P1 waits for fork 2 held by P2, P2 waits for fork 1 held by P1.
    CHECK(cycles[0].size() == 2);
    CHECK_FALSE(cycles[0].self_wait());
    CHECK(cycles[0].links() == std::vector<WaitLink>{{0, 2, 1}, {1, 1, 0}});
    CHECK_FALSE(cycles[0].link(0).self_wait());
}

TEST_CASE("WaitFor.NCycle") {
    for (int n : {3, 5, 16, 100}) {
        CAPTURE(n);
        WaitForGraph g;
        // The naive table: philosopher i holds fork i+1 and waits for fork i+2 (ids 1..n).
        for (int i = n - 1; i >= 0; --i) {
            g.set_holder(static_cast<std::uint32_t>(i + 1), static_cast<std::uint16_t>(i));
            g.set_waiting(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>((i + 1) % n + 1));
        }
        const auto cycles = g.find_cycles();
        REQUIRE(cycles.size() == 1);
        REQUIRE(cycles[0].lanes.size() == static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            CHECK(cycles[0].lanes[static_cast<std::size_t>(i)] == i);
            CHECK(cycles[0].locks[static_cast<std::size_t>(i)] == static_cast<std::uint32_t>((i + 1) % n + 1));
        }
        // Each waits for the next one's fork; the last one for the first one's.
        const auto links = cycles[0].links();
        REQUIRE(links.size() == static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            const WaitLink& l = links[static_cast<std::size_t>(i)];
            CHECK(l.waiter == i);
            CHECK(l.lock == static_cast<std::uint32_t>((i + 1) % n + 1));
            CHECK(l.holder == (i + 1) % n);
            CHECK_FALSE(l.self_wait());
        }
        CHECK(links.back() == WaitLink{static_cast<std::uint16_t>(n - 1), 1, 0});
    }
}

TEST_CASE("WaitFor.SelfWait") {
    WaitForGraph g;
    g.set_holder(7, 3);
    g.set_waiting(3, 7); // a plain mutex locked again by its holder
    g.set_waiting(1, 7); // and someone queued behind it
    const auto cycles = g.find_cycles();
    REQUIRE(cycles.size() == 1);
    CHECK(cycles[0].lanes == std::vector<std::uint16_t>{3});
    CHECK(cycles[0].locks == std::vector<std::uint32_t>{7});
    // Lane 3 waits for lock 7 held by lane 3 itself; the lane queued behind is no member.
    CHECK(cycles[0].self_wait());
    CHECK(cycles[0].links() == std::vector<WaitLink>{{3, 7, 3}});
    CHECK(cycles[0].link(0).self_wait());
}

TEST_CASE("WaitFor.ChainIntoCycle") {
    WaitForGraph g;
    // P1 -> P2 -> P3 -> P4 -> P5 -> P3: P1 and P2 are stuck behind the cycle P3, P4, P5.
    g.set_holder(10, 1);
    g.set_waiting(0, 10);
    g.set_holder(11, 2);
    g.set_waiting(1, 11);
    g.set_holder(12, 3);
    g.set_waiting(2, 12);
    g.set_holder(13, 4);
    g.set_waiting(3, 13);
    g.set_waiting(4, 11);
    const auto cycles = g.find_cycles();
    REQUIRE(cycles.size() == 1);
    CHECK(cycles[0].lanes == std::vector<std::uint16_t>{2, 3, 4});
    CHECK(cycles[0].locks == std::vector<std::uint32_t>{12, 13, 11});
    CHECK(cycles[0].links() == std::vector<WaitLink>{{2, 12, 3}, {3, 13, 4}, {4, 11, 2}});
}

TEST_CASE("WaitFor.TwoSeparateCycles") {
    WaitForGraph g;
    g.set_holder(1, 0);
    g.set_holder(2, 1);
    g.set_waiting(0, 2);
    g.set_waiting(1, 1);
    g.set_holder(3, 5);
    g.set_waiting(5, 3);
    CHECK(g.find_cycles().size() == 2);
}

// [SECTION] Kept from events

TEST_CASE("WaitFor.FromEvents.LaggingLanesAndRecursiveHolds") {
    WaitForGraph g;
    // P2 takes fork 1 from P1; lane 1 is drained before lane 0, so the acquire comes first.
    g.on_event(sync(0, SyncOp::Acquired, 1, 1));
    g.on_event(sync(1, SyncOp::WaitBegin, 1));
    g.on_event(sync(1, SyncOp::Acquired, 1, 1));
    g.on_event(sync(0, SyncOp::Released, 1, 0)); // old news: must not free P2's fork
    CHECK(g.holder(1) == 1);
    CHECK(g.waiting_for(1) == -1);
    // A recursive lock held twice stays held after one release.
    g.on_event(sync(0, SyncOp::Acquired, 5, 1));
    g.on_event(sync(0, SyncOp::Acquired, 5, 2));
    CHECK(g.holds(5) == 2);
    g.on_event(sync(0, SyncOp::Released, 5, 1));
    CHECK(g.holder(5) == 0);
    CHECK(g.holds(5) == 1);
    g.on_event(sync(0, SyncOp::Released, 5, 0));
    CHECK(g.holder(5) == -1);
    // A wait given up is no wait.
    g.on_event(sync(2, SyncOp::WaitBegin, 1));
    CHECK(g.waiting_for(2) == 1);
    g.on_event(sync(2, SyncOp::WaitAbandoned, 1));
    CHECK(g.waiting_for(2) == -1);
}

TEST_CASE("WaitFor.Monitor.ConfirmsOnlyPersistentCycles") {
    DeadlockMonitor m;
    const Nanos t0 = 1'000'000'000;
    m.on_event(sync(0, SyncOp::Acquired, 1, 1, t0));
    m.on_event(sync(1, SyncOp::Acquired, 2, 1, t0));
    m.on_event(sync(0, SyncOp::WaitBegin, 2, 0, t0 + 1'000'000));
    m.on_event(sync(1, SyncOp::WaitBegin, 1, 0, t0 + 2'000'000));
    m.update(t0 + 3'000'000);
    CHECK_FALSE(m.deadlocked()); // seen once: not yet
    SUBCASE("a member moves before confirmation: nothing reported") {
        m.on_event(sync(1, SyncOp::WaitAbandoned, 1, 0, t0 + 4'000'000));
        m.update(t0 + 20'000'000);
        CHECK_FALSE(m.deadlocked());
        CHECK(m.history().empty());
    }
    SUBCASE("still there later: confirmed, timed from the closing wait; resolved when broken") {
        m.update(t0 + 3'000'000 + DeadlockMonitor::kConfirm);
        REQUIRE(m.deadlocked());
        REQUIRE(m.history().size() == 1);
        CHECK(m.history()[0].formed == t0 + 2'000'000);
        CHECK(m.history()[0].detected_after_ms() == doctest::Approx(1.0 + ns_to_ms(DeadlockMonitor::kConfirm)));
        m.on_event(sync(0, SyncOp::WaitAbandoned, 2, 0, t0 + 30'000'000));
        m.update(t0 + 31'000'000);
        CHECK_FALSE(m.deadlocked());
        REQUIRE(m.history().size() == 1);
        CHECK(m.history()[0].resolved == t0 + 31'000'000);
    }
}

TEST_CASE("WaitFor.Monitor.LongStandingCycleConfirmedAtFirstSight") {
    DeadlockMonitor m;
    const Nanos t0 = 1'000'000'000;
    m.on_event(sync(0, SyncOp::Acquired, 1, 1, t0));
    m.on_event(sync(0, SyncOp::WaitBegin, 1, 0, t0 + 1'000'000)); // a self-wait, 20 ms old
    m.update(t0 + 21'000'000);
    REQUIRE(m.deadlocked());
    CHECK(m.current()[0].cycle.lanes == std::vector<std::uint16_t>{0});
    CHECK(m.current()[0].detected_after_ms() == doctest::Approx(20.0));
}

// [SECTION] Lock order

TEST_CASE("LockOrder.InversionFlaggedBeforeAnyHang") {
    LockOrderGraph g;
    // Scientist 1: noodles (1) then fork (2), all done; Scientist 2 later: fork then noodles.
    g.on_event(sync(0, SyncOp::Acquired, 1, 1, 10));
    g.on_event(sync(0, SyncOp::Acquired, 2, 1, 11));
    g.on_event(sync(0, SyncOp::Released, 2, 0, 12));
    g.on_event(sync(0, SyncOp::Released, 1, 0, 13));
    CHECK(g.inversions().empty());
    g.on_event(sync(1, SyncOp::Acquired, 2, 1, 20));
    g.on_event(sync(1, SyncOp::Acquired, 1, 1, 21)); // no wait, no hang: still an inversion
    REQUIRE(g.inversions().size() == 1);
    // As edges, oldest first: lane 0 took lock 2 while holding lock 1; lane 1 took 1 holding 2.
    const auto edges = g.inversions()[0].oldest_first();
    REQUIRE(edges.size() == 2);
    CHECK(edges[0].lane == 0);
    CHECK(edges[0].from == 1);
    CHECK(edges[0].to == 2);
    CHECK(edges[0].ts == 11);
    CHECK(edges[1].lane == 1);
    CHECK(edges[1].from == 2);
    CHECK(edges[1].to == 1);
    CHECK(edges[1].ts == 21);
    CHECK(g.inversions()[0].ts == 21);
    // The stored cycle starts with the closing edge; oldest_first() is the same cycle rotated.
    CHECK(g.inversions()[0].edges[0].lane == 1);
}

TEST_CASE("LockOrder.ConsistentOrderIsClean") {
    LockOrderGraph g;
    // Ordered forks round a table of 5: every edge goes from a lower to a higher id.
    for (std::uint16_t i = 0; i < 5; ++i) {
        std::uint32_t a = i + 1, b = (i + 1) % 5 + 1;
        if (b < a) std::swap(a, b);
        g.add_edge(a, b, i);
    }
    CHECK(g.inversions().empty());
    g.add_edge(5, 1, 4); // the naive last philosopher closes 1 -> 5 -> 1
    CHECK(g.inversions().size() == 1);
}

TEST_CASE("LockOrder.LongCycleAndRecursiveRelock") {
    LockOrderGraph g;
    for (std::uint32_t i = 1; i < 5; ++i) g.add_edge(i, i + 1, static_cast<std::uint16_t>(i - 1));
    CHECK(g.inversions().empty());
    g.add_edge(5, 1, 4);
    REQUIRE(g.inversions().size() == 1);
    CHECK(g.inversions()[0].edges.size() == 5);
    // A cycle of edges: each one's `to` is the next one's `from`, in either order.
    for (const auto& edges : {g.inversions()[0].edges, g.inversions()[0].oldest_first()})
        for (std::size_t k = 0; k < edges.size(); ++k) CHECK(edges[k].to == edges[(k + 1) % edges.size()].from);
    // Re-locking a held recursive lock is no ordering edge.
    LockOrderGraph r;
    r.on_event(sync(0, SyncOp::Acquired, 1, 1));
    r.on_event(sync(0, SyncOp::Acquired, 1, 2));
    CHECK(r.edge_count() == 0);
}

// [SECTION] Lanes drained in the worst order

#include "core/trace/time_merge.hpp"

namespace {
// Two philosophers, forks 1 and 2. P1 (lane 0) eats once, puts both down, takes fork 1 again and
// waits for fork 2; P2 (lane 1) took fork 2 after P1 put it down and waits for fork 1: a deadlock.
const std::vector<Event> kLaneA = {
    sync(0, SyncOp::Acquired, 1, 1, 10), sync(0, SyncOp::Acquired, 2, 1, 11), sync(0, SyncOp::Released, 2, 0, 12),
    sync(0, SyncOp::Released, 1, 0, 13), sync(0, SyncOp::Acquired, 1, 1, 50), sync(0, SyncOp::WaitBegin, 2, 0, 60)};
const std::vector<Event> kLaneB = {sync(1, SyncOp::WaitBegin, 2, 0, 5), sync(1, SyncOp::Acquired, 2, 1, 20),
                                   sync(1, SyncOp::WaitBegin, 1, 0, 55)};

void check_deadlocked(const WaitForGraph& g) {
    CHECK(g.holder(1) == 0);
    CHECK(g.holder(2) == 1);
    CHECK(g.waiting_for(0) == 2);
    CHECK(g.waiting_for(1) == 1);
    const auto cycles = g.find_cycles();
    REQUIRE(cycles.size() == 1);
    CHECK(cycles[0].lanes == std::vector<std::uint16_t>{0, 1});
    CHECK(cycles[0].locks == std::vector<std::uint32_t>{2, 1});
}
} // namespace

TEST_CASE("WaitFor.FromEvents.LaneDrainedLateCannotOverwriteANewerHolder") {
    // Lane B's acquire (after A's release) arrives before lane A's older take and release of the
    // same fork: the old take must not become the holder, nor its release free B's fork.
    WaitForGraph g;
    for (const Event& e : kLaneB) g.on_event(e);
    for (const Event& e : kLaneA) g.on_event(e);
    check_deadlocked(g);
    // In time order the same.
    WaitForGraph t;
    std::vector<Event> all = kLaneA;
    all.insert(all.end(), kLaneB.begin(), kLaneB.end());
    std::stable_sort(all.begin(), all.end(), [](const Event& a, const Event& b) { return a.ts < b.ts; });
    for (const Event& e : all) t.on_event(e);
    check_deadlocked(t);
    // And the monitor confirms it (its clock is the events' own).
    DeadlockMonitor m;
    for (const Event& e : kLaneB) m.on_event(e);
    for (const Event& e : kLaneA) m.on_event(e);
    m.update(60 + DeadlockMonitor::kConfirm);
    REQUIRE(m.deadlocked());
    CHECK(m.current()[0].cycle.lanes == std::vector<std::uint16_t>{0, 1});
}

TEST_CASE("WaitFor.FromEvents.AStaleTakeAfterAFullReleaseIsIgnored") {
    // B takes and puts down fork 2 (20, 30) before A's older take (11) and release (12) arrive.
    WaitForGraph g;
    g.on_event(sync(1, SyncOp::Acquired, 2, 1, 20));
    g.on_event(sync(1, SyncOp::Released, 2, 0, 30));
    g.on_event(sync(0, SyncOp::Acquired, 2, 1, 11));
    CHECK(g.holder(2) == -1); // not A: it let go before B took it
    g.on_event(sync(0, SyncOp::Released, 2, 0, 12));
    CHECK(g.holder(2) == -1);
    g.on_event(sync(0, SyncOp::Acquired, 2, 1, 40)); // a new take is news
    CHECK(g.holder(2) == 0);
}

TEST_CASE("TimeMerge.DeliversEveryLaneInTimeOrderKeepingEachLanesOrder") {
    TimeMerge m;
    // Drained the way Recorder::poll drains: lane B's ring, then lane A's.
    for (const Event& e : kLaneB) m.add(e);
    for (const Event& e : kLaneA) m.add(e);
    std::vector<Event> out;
    WaitForGraph g;
    auto sink = [&](const Event& e) {
        out.push_back(e);
        g.on_event(e);
    };
    // Events stamped after the cutoff (taken before the drain) wait for the next release.
    CHECK(m.release(50, sink) == 7);
    CHECK(m.pending() == 2);
    CHECK(m.release(60, sink) == 2);
    CHECK(m.pending() == 0);
    REQUIRE(out.size() == 9);
    for (std::size_t k = 1; k < out.size(); ++k) CHECK(out[k - 1].ts <= out[k].ts);
    check_deadlocked(g);
    // A lane's own order is kept even if its clock stepped back; ties keep arrival order.
    m.add(sync(0, SyncOp::Acquired, 7, 1, 100));
    m.add(sync(0, SyncOp::Released, 7, 0, 99));
    m.add(sync(1, SyncOp::Acquired, 7, 1, 100));
    out.clear();
    CHECK(m.flush(sink) == 3);
    REQUIRE(out.size() == 3);
    CHECK(out[0].lane == 0);
    CHECK(sync_op(out[0]) == SyncOp::Acquired);
    CHECK(out[1].lane == 0);
    CHECK(sync_op(out[1]) == SyncOp::Released);
    CHECK(out[2].lane == 1);
}

// [SECTION] Lock order: only blocking acquisitions

TEST_CASE("LockOrder.TryLocksOrderNothing") {
    // The all-at-once take (std::lock's algorithm): block on one, try the other; on failure let
    // go and block on the busy one. Round a table of 5, in both directions, many times.
    LockOrderGraph g;
    Nanos t = 0;
    for (int round = 0; round < 50; ++round) {
        for (std::uint16_t i = 0; i < 5; ++i) {
            std::uint32_t a = i + 1u, b = (i + 1u) % 5u + 1u;
            if (round % 2) std::swap(a, b);
            g.on_event(sync(i, SyncOp::Acquired, a, 1, ++t));
            g.on_event(sync(i, SyncOp::Acquired, b, 1 | kSyncTry, ++t)); // the try succeeded
            g.on_event(sync(i, SyncOp::Released, b, 0, ++t));
            g.on_event(sync(i, SyncOp::Released, a, 0, ++t));
        }
    }
    CHECK(g.edge_count() == 0);
    CHECK(g.inversions().empty());
    // The same takes as blocking acquisitions are the naive table's inversion.
    LockOrderGraph naive;
    for (std::uint16_t i = 0; i < 5; ++i) {
        naive.on_event(sync(i, SyncOp::Acquired, i + 1u, 1, ++t));
        naive.on_event(sync(i, SyncOp::Acquired, (i + 1u) % 5u + 1u, 1, ++t));
        naive.on_event(sync(i, SyncOp::Released, (i + 1u) % 5u + 1u, 0, ++t));
        naive.on_event(sync(i, SyncOp::Released, i + 1u, 0, ++t));
    }
    CHECK(naive.inversions().size() == 1);
    for (const LockOrderEdge& e : naive.inversions()[0].edges) CHECK(e.obtained);
}

TEST_CASE("LockOrder.AWaitIsAnEdgeButNotATake") {
    LockOrderGraph g;
    g.on_event(sync(0, SyncOp::Acquired, 1, 1, 10));
    g.on_event(sync(1, SyncOp::Acquired, 2, 1, 11));
    g.on_event(sync(0, SyncOp::WaitBegin, 2, 0, 12)); // never gets it: deadlocked
    g.on_event(sync(1, SyncOp::WaitBegin, 1, 0, 13));
    REQUIRE(g.inversions().size() == 1);
    for (const LockOrderEdge& e : g.inversions()[0].edges) CHECK_FALSE(e.obtained);
}

TEST_CASE("LockEvents.TryLockFlagsItsAcquire") {
    CHECK(sync_holds(sync_event(0, 0, SyncOp::Acquired, 3, 1 | kSyncTry, ThreadState::HoldLock)) == 1);
    CHECK(sync_try(sync_event(0, 0, SyncOp::Acquired, 3, 1 | kSyncTry, ThreadState::HoldLock)));
    CHECK_FALSE(sync_try(sync_event(0, 0, SyncOp::Acquired, 3, 2, ThreadState::HoldLock)));
    CHECK(state_object(sync_event(0, 0, SyncOp::Acquired, 3, 1 | kSyncTry, ThreadState::HoldLock)) == 3);
    WaitForGraph g;
    g.on_event(sync_event(0, 0, SyncOp::Acquired, 3, 1 | kSyncTry, ThreadState::HoldLock));
    CHECK(g.holds(3) == 1);
}
