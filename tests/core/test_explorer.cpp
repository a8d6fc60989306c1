// The explorer finds every outcome of a small configuration, exactly, and says when it covered
// them all; the reductions never hide an outcome (checked against hand-counted sets).
#include <doctest/doctest.h>

#include <set>

#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/demos/queue.hpp"
#include "core/sched/explorer.hpp"
#include "core/sched/schedule_text.hpp"

using namespace tl;

namespace {

std::set<std::string> outcomes(const ExploreReport& r) {
    std::set<std::string> out;
    for (const auto& o : r.outcomes) out.insert(o.result.dump());
    return out;
}

const ExploreFailure* failure(const ExploreReport& r, const std::string& kind) {
    for (const auto& f : r.failures)
        if (f.kind == kind) return &f;
    return nullptr;
}

std::uint64_t total(const ExploreReport& r) {
    std::uint64_t n = 0;
    for (const auto& o : r.outcomes) n += o.count;
    return n;
}

} // namespace

TEST_CASE("Explorer.Donation.OutcomeSets") {
    struct Case {
        int donors;
        bool lock;
        std::set<std::string> expected;
    };
    for (const Case& c : {Case{2, false, {"1100", "1200"}}, Case{2, true, {"1200"}},
                          Case{3, false, {"1100", "1200", "1300"}}, Case{3, true, {"1300"}}}) {
        CAPTURE(c.donors);
        CAPTURE(c.lock);
        DonationDemo d;
        REQUIRE(d.set_param("donors", c.donors));
        REQUIRE(d.set_param_text("lock", c.lock ? "on" : "off"));
        const ExploreReport r = explore(d, {});
        CHECK(r.complete);
        CHECK(outcomes(r) == c.expected);
        CHECK(total(r) == r.schedules);
        CHECK((failure(r, "lost_update") != nullptr) == !c.lock);
        for (const auto& o : r.outcomes) CHECK(!o.shortest.empty());
    }
}

TEST_CASE("Explorer.Balance.MachineStepsLoseUpdates.LinesAndLocksDoNot") {
    struct Case {
        const char* granularity;
        bool lock;
        bool can_lose;
    };
    for (const Case& c : {Case{"machine", false, true}, Case{"machine", true, false}, Case{"line", false, false}}) {
        CAPTURE(c.granularity);
        CAPTURE(c.lock);
        DonationDemo d;
        REQUIRE(d.set_param_text("variant", "balance"));
        REQUIRE(d.set_param("iterations", 1));
        REQUIRE(d.set_param_text("granularity", c.granularity));
        REQUIRE(d.set_param_text("lock", c.lock ? "on" : "off"));
        const ExploreReport r = explore(d, {});
        CHECK(r.complete);
        const std::set<std::string> got = outcomes(r);
        CHECK(got.count("0") == 1); // the right answer is always possible
        CHECK((got.size() > 1) == c.can_lose);
        CHECK((failure(r, "lost_update") != nullptr) == c.can_lose);
    }
}

TEST_CASE("Explorer.Philosophers.NaiveDeadlocks.FixesNever") {
    struct Case {
        int n;
        const char* strategy;
        bool deadlock;
    };
    for (const Case& c : {Case{2, "naive", true}, Case{3, "naive", true}, Case{2, "ordered", false},
                          Case{3, "ordered", false}, Case{3, "waiter", false}}) {
        CAPTURE(c.n);
        CAPTURE(c.strategy);
        PhilosophersDemo d;
        REQUIRE(d.set_param("philosophers", c.n));
        REQUIRE(d.set_param("meals", 1));
        REQUIRE(d.set_param_text("strategy", c.strategy));
        const ExploreReport r = explore(d, {});
        CHECK(r.complete);
        CHECK((failure(r, "deadlock") != nullptr) == c.deadlock);
        // Whoever is not deadlocked has eaten its one meal.
        std::string all_ate = "[1";
        for (int i = 1; i < c.n; ++i) all_ate += ",1";
        all_ate += "]";
        CHECK(outcomes(r).count(all_ate) == 1);
        if (c.deadlock) {
            // The shortest deadlock replays to a deadlock.
            d.set_schedule({.mode = ScheduleMode::Replay, .schedule = failure(r, "deadlock")->shortest});
            d.start();
            CHECK(d.scheduler()->wait_quiescent() == Scheduler::Phase::Deadlocked);
            d.stop();
        }
    }
}

TEST_CASE("Explorer.RetryLoops.AreCutAndSaidSo") {
    // "both" retries without end when unlucky: a search can never cover it, and must say so.
    PhilosophersDemo d;
    REQUIRE(d.set_param("philosophers", 2));
    REQUIRE(d.set_param("meals", 1));
    REQUIRE(d.set_param_text("strategy", "both"));
    ExploreLimits lim;
    lim.max_steps = 60;
    lim.max_seconds = 5;
    const ExploreReport r = explore(d, lim);
    CHECK_FALSE(r.complete);
    CHECK(failure(r, "deadlock") == nullptr);
    CHECK(outcomes(r).count("[1,1]") == 1);
}

TEST_CASE("Explorer.Budget.TooLargeIsMarkedIncomplete") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 8));
    ExploreLimits lim;
    lim.max_schedules = 50;
    const ExploreReport r = explore(d, lim);
    CHECK_FALSE(r.complete);
    CHECK(r.stopped_by == "schedules");
    CHECK(r.schedules + r.pruned == 50);
    CHECK(r.to_json()["complete"] == false);

    std::atomic<bool> cancel{true};
    const ExploreReport c = explore(d, {}, &cancel);
    CHECK_FALSE(c.complete);
    CHECK(c.stopped_by == "cancelled");

    // Cancelled in the middle of a search: it stops after the run under way, every thread joined.
    std::atomic<bool> later{false};
    int runs = 0;
    const ExploreReport m = explore(d, {}, &later, [&](const ExploreReport&) {
        if (++runs == 5) later.store(true);
    });
    CHECK(m.stopped_by == "cancelled");
    CHECK(m.schedules + m.pruned == 5);
    CHECK_FALSE(d.running());
}

TEST_CASE("Explorer.PreemptionBound.FindsTheLossWithOne") {
    DonationDemo d;
    REQUIRE(d.set_param("donors", 3));
    ExploreLimits lim;
    lim.preemption_bound = 1;
    const ExploreReport r = explore(d, lim);
    CHECK(outcomes(r).count("1200") == 1); // one switch in the middle of a donation loses one
    CHECK(failure(r, "lost_update") != nullptr);
}

TEST_CASE("Explorer.Queue.UnlockedLosesOrDuplicates.LockedNever") {
    struct Case {
        int producers, consumers;
        bool lock;
        const char* failure; ///< expected failure class, or null for none
    };
    for (const Case& c : {Case{2, 1, false, "item_lost"}, Case{1, 2, false, "item_duplicated"}, Case{2, 1, true, nullptr},
                          Case{1, 2, true, nullptr}}) {
        CAPTURE(c.producers);
        CAPTURE(c.consumers);
        CAPTURE(c.lock);
        QueueDemo d;
        REQUIRE(d.set_param("producers", c.producers));
        REQUIRE(d.set_param("consumers", c.consumers));
        REQUIRE(d.set_param("items", 1));
        REQUIRE(d.set_param("capacity", 2));
        REQUIRE(d.set_param_text("lock", c.lock ? "on" : "off"));
        const ExploreReport r = explore(d, {});
        CHECK(r.complete);
        if (c.failure) {
            CHECK(failure(r, c.failure) != nullptr);
        } else {
            CHECK(r.failures.empty());
            REQUIRE(r.outcomes.size() == 1);
            CHECK(r.outcomes.front().result["delivered"] == c.producers);
        }
    }
}
