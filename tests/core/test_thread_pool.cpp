#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/bounds.hpp"
#include "core/runtime/barrier.hpp"
#include "core/runtime/thread_pool.hpp"
#include "core/trace/timeline.hpp"

using namespace tl;
using namespace std::chrono;

namespace {

constexpr auto kLong = seconds(20); // upper bound for waits that should take milliseconds

/// A task that finishes when `release` is set (or the runtime stops), marking `started` first.
PoolTask gated(std::atomic<int>& started, std::atomic<bool>& release) {
    return [&started, &release](Actor& a, std::uint32_t id) {
        started.fetch_add(1);
        while (!release.load()) a.sleep(ms_to_ns(1), ThreadState::Working, id);
        return std::int64_t{id};
    };
}

std::vector<TaskResult> wait_all(const std::vector<TaskFuture>& fs) {
    std::vector<TaskResult> out;
    for (const TaskFuture& f : fs) {
        REQUIRE(f.wait_for(kLong));
        out.push_back(f.get());
    }
    return out;
}

} // namespace

TEST_CASE("ThreadPool.FiveWorkersFifteenTasks.EachWorkerServesThree") {
    Recorder rec;
    ThreadPool pool(5);
    Runtime rt(rec);
    pool.start(rt);
    REQUIRE(pool.wait_ready_for(kLong));
    // One barrier per round of 5: a worker holding a task of round r is blocked until all 5
    // tasks of that round run, so each round occupies 5 distinct workers: exactly 3 tasks each.
    std::vector<std::unique_ptr<ActorBarrier>> rounds;
    for (int r = 0; r < 3; ++r) rounds.push_back(std::make_unique<ActorBarrier>(5));
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 15; ++i) {
        ActorBarrier* b = rounds[static_cast<std::size_t>(i / 5)].get();
        fs.push_back(pool.submit([b](Actor& a, std::uint32_t id) {
            a.point(ThreadState::Working, id);
            b->arrive_and_wait(a);
            return std::int64_t{id} * 10;
        }));
    }
    const auto results = wait_all(fs);
    std::set<int> workers;
    for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i].ok());
        CHECK(results[i].id == i + 1);
        CHECK(results[i].value == static_cast<std::int64_t>(i + 1) * 10);
        CHECK(results[i].started >= results[i].submitted);
        workers.insert(results[i].worker);
    }
    CHECK(workers.size() == 5);
    CHECK(pool.distinct_workers() == 5);
    for (const WorkerStats& s : pool.worker_stats()) {
        CHECK(s.tasks_served == 3);
        CHECK(s.started);
        CHECK(s.start_latency_ns > 0);
    }
    pool.shutdown(ShutdownMode::Wait);
    REQUIRE(pool.wait_stopped_for(kLong));
    rt.join();

    // The timeline: one lane per worker, each task a Working span labelled with its id.
    Timeline tl;
    rec.poll([&](const Event& e) { tl.add(e); });
    std::multiset<std::uint32_t> labels;
    for (const WorkerStats& s : pool.worker_stats()) {
        CHECK(rec.lane_name(s.lane).english() == "Worker " + std::to_string(s.index + 1));
        std::set<std::uint32_t> on_lane;
        for (const Span& sp : tl.lanes()[s.lane].spans)
            if (sp.state == ThreadState::Working) on_lane.insert(sp.object);
        CHECK(on_lane.size() == 3);
        labels.insert(on_lane.begin(), on_lane.end());
    }
    CHECK(labels == std::multiset<std::uint32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
}

TEST_CASE("ThreadPool.ThrowingTask.ErrorInItsResultOthersComplete") {
    for (int workers : {1, 3}) {
        CAPTURE(workers);
        Recorder rec;
        ThreadPool pool(workers);
        Runtime rt(rec);
        pool.start(rt);
        std::atomic<int> callbacks{0};
        std::vector<TaskFuture> fs;
        for (int i = 1; i <= 10; ++i)
            fs.push_back(pool.submit(
                [](Actor&, std::uint32_t id) -> std::int64_t {
                    if (id == 4) throw std::runtime_error("task 4 failed");
                    return id;
                },
                [&](const TaskResult&) { callbacks.fetch_add(1); }));
        const auto results = wait_all(fs);
        for (const TaskResult& r : results) {
            CAPTURE(r.id);
            if (r.id == 4) {
                CHECK_FALSE(r.ok());
                CHECK_FALSE(r.cancelled());
                CHECK(r.outcome == TaskOutcome::Failed);
                CHECK(r.error == "task 4 failed"); // the task's own text, kept as it is
                CHECK(task_error_english(r) == "task 4 failed");
            } else {
                CHECK(r.ok());
                CHECK(r.outcome == TaskOutcome::Ok);
                CHECK(r.error.empty());
                CHECK(r.value == r.id);
            }
        }
        CHECK(callbacks.load() == 10); // the callback runs before the future is ready
        // With one worker, the very worker whose task threw served the six tasks after it.
        if (workers == 1) CHECK(pool.worker_stats()[0].tasks_served == 10);
        pool.shutdown(ShutdownMode::Wait);
        rt.join();
        CHECK(rt.errors().empty());
    }
}

TEST_CASE("ThreadPool.ShutdownCancel.QueuedTasksCancelledRunningOneFinishes") {
    Recorder rec;
    ThreadPool pool(1);
    Runtime rt(rec);
    pool.start(rt);
    std::atomic<int> started{0};
    std::atomic<bool> release{false};
    std::vector<std::uint32_t> done_order;
    std::mutex done_m;
    auto note = [&](const TaskResult& r) {
        std::lock_guard lk(done_m);
        done_order.push_back(r.id);
    };
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 5; ++i) fs.push_back(pool.submit(gated(started, release), note));
    while (started.load() == 0) std::this_thread::sleep_for(milliseconds(1));
    REQUIRE(pool.queued() == 4);

    pool.shutdown(ShutdownMode::Cancel);
    // Documented: queued tasks are cancelled at once, before shutdown() returns.
    for (int i = 1; i < 5; ++i) {
        REQUIRE(fs[static_cast<std::size_t>(i)].ready());
        const TaskResult& r = fs[static_cast<std::size_t>(i)].get();
        CHECK(r.cancelled());
        CHECK_FALSE(r.ok());
        CHECK(r.worker == -1);
        CHECK(r.outcome == TaskOutcome::ShutDownBeforeItRan);
        CHECK(r.error.empty()); // the cause is the outcome, not a sentence
        CHECK(task_error_english(r) == "cancelled: pool shut down before it ran");
    }
    CHECK_FALSE(fs[0].ready()); // the running one is left to finish
    const TaskFuture late = pool.submit([](Actor&, std::uint32_t) { return std::int64_t{1}; }, note);
    REQUIRE(late.ready());
    CHECK(late.get().cancelled());
    CHECK(late.get().outcome == TaskOutcome::SubmittedAfterShutdown);

    release = true;
    REQUIRE(fs[0].wait_for(kLong));
    CHECK(fs[0].get().ok());
    REQUIRE(pool.wait_stopped_for(kLong));
    CHECK(started.load() == 1);
    rt.join();
    std::lock_guard lk(done_m);
    CHECK(done_order.size() == 6); // one callback per task, cancelled ones included
}

TEST_CASE("ThreadPool.ShutdownWait.QueuedTasksStillRun") {
    Recorder rec;
    ThreadPool pool(2);
    Runtime rt(rec);
    pool.start(rt);
    std::atomic<int> started{0};
    std::atomic<bool> release{false};
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 8; ++i) fs.push_back(pool.submit(gated(started, release)));
    while (started.load() < 2) std::this_thread::sleep_for(milliseconds(1));
    pool.shutdown(ShutdownMode::Wait);
    CHECK(pool.queued() == 6); // nothing cancelled
    CHECK(pool.submit([](Actor&, std::uint32_t) { return std::int64_t{0}; }).get().cancelled()); // closed to new work
    CHECK_FALSE(pool.wait_stopped_for(milliseconds(20))); // workers still busy
    release = true;
    const auto results = wait_all(fs);
    for (const TaskResult& r : results) CHECK(r.ok());
    CHECK(started.load() == 8);
    REQUIRE(pool.wait_stopped_for(kLong)); // then the workers leave by themselves
    rt.join();
    CHECK(rt.active() == 0);
}

TEST_CASE("ThreadPool.Apply.SyncSubmitFromAnActor") {
    Recorder rec;
    ThreadPool pool(3);
    Runtime rt(rec);
    pool.start(rt);
    std::vector<TaskResult> got;
    rt.spawn("Main", [&](Actor& a) {
        pool.wait_ready(a);
        for (int i = 0; i < 6; ++i)
            got.push_back(pool.apply(a, [](Actor& w, std::uint32_t id) {
                w.sleep(ms_to_ns(1), ThreadState::Working, id);
                return std::int64_t{id} + 100;
            }));
        pool.shutdown(ShutdownMode::Wait);
    });
    rt.join();
    REQUIRE(got.size() == 6);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].ok());
        CHECK(got[i].id == i + 1);
        CHECK(got[i].value == static_cast<std::int64_t>(i) + 101);
        if (i > 0) CHECK(got[i].started >= got[i - 1].finished); // one at a time
    }
    CHECK(rt.errors().empty());
}

TEST_CASE("ThreadPool.Stop.JoinsAndCancelsEverything") {
    Recorder rec;
    ThreadPool pool(4);
    Runtime rt(rec);
    pool.start(rt);
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 20; ++i)
        fs.push_back(pool.submit([](Actor& a, std::uint32_t id) {
            a.sleep(ms_to_ns(100000), ThreadState::Working, id);
            return std::int64_t{0};
        }));
    // A waiter on a task that cannot finish: the stop either interrupts its wait or (if the
    // exiting workers cancel the task first) hands it a cancelled result. Both end it.
    std::atomic<bool> waiter_ended{false};
    rt.spawn("Main", [&](Actor& a) {
        try {
            const bool cancelled = fs.back().wait(a).cancelled();
            CHECK(cancelled);
        } catch (const ActorStopped&) {
        }
        waiter_ended = true;
    });
    while (pool.busy() < 4) std::this_thread::sleep_for(milliseconds(1));
    const auto t0 = steady_clock::now();
    rt.request_stop();
    rt.join();
    CHECK(steady_clock::now() - t0 < tl::test::kStopFinishes);
    CHECK(waiter_ended.load());
    CHECK(pool.wait_stopped_for(milliseconds(1)));
    int running_cancelled = 0;
    for (const TaskFuture& f : fs) {
        REQUIRE(f.ready());
        CHECK(f.get().cancelled());
        // Running ones were stopped; queued ones cancelled by the leaving workers.
        CHECK(f.get().outcome == (f.get().worker >= 0 ? TaskOutcome::StoppedWhileRunning : TaskOutcome::PoolStopped));
        if (f.get().worker >= 0) ++running_cancelled;
    }
    CHECK(running_cancelled == 4);
}

TEST_CASE("ThreadPool.DestroyedFirst.WaitsForItsWorkers") {
    Recorder rec;
    Runtime rt(rec); // declared first: the pool goes away while its workers are still up
    std::atomic<int> ran{0};
    {
        ThreadPool pool(rt, 3);
        for (int i = 0; i < 30; ++i) pool.submit([&](Actor&, std::uint32_t) { return std::int64_t{ran.fetch_add(1)}; });
    } // ~ThreadPool: cancels what is queued, waits for the workers to leave (ASan: no use after free)
    const int ran_when_gone = ran.load();
    CHECK(ran_when_gone <= 30);
    rt.join();
    CHECK(ran.load() == ran_when_gone); // nothing ran after the pool was gone
    CHECK(rt.errors().empty());
}

TEST_CASE("ThreadPool.Gate.HoldsEachWorkersTaskUntilOpened") {
    Recorder rec;
    ThreadPool pool(3);
    Runtime rt(rec);
    pool.start(rt);
    pool.close_gate();
    std::atomic<int> ran{0};
    std::vector<TaskFuture> fs;
    for (int i = 0; i < 9; ++i) fs.push_back(pool.submit([&](Actor&, std::uint32_t) { return std::int64_t{ran.fetch_add(1)}; }));
    REQUIRE(pool.wait_at_gate_for(3, kLong)); // three tasks held: one per worker
    CHECK(pool.at_gate() == 3);
    CHECK(pool.queued() == 6);
    CHECK(ran.load() == 0);
    std::set<int> holders;
    pool.open_gate();
    for (const TaskResult& r : wait_all(fs)) {
        CHECK(r.ok());
        if (r.id <= 3) holders.insert(r.worker);
    }
    CHECK(holders.size() == 3);
    CHECK(ran.load() == 9);
    // A stop while tasks are held: they are cancelled and everything joins.
    pool.close_gate();
    const TaskFuture held = pool.submit([](Actor&, std::uint32_t) { return std::int64_t{0}; });
    REQUIRE(pool.wait_at_gate_for(1, kLong));
    rt.request_stop();
    rt.join();
    REQUIRE(held.ready());
    CHECK(held.get().cancelled());
}
