// Per-task overhead of empty tasks: a pool (the instrumented ThreadPool: futures, recording,
// completion callbacks included) against a new std::thread per task (create + join).
//
//   threadlab-bench --benchmark_filter='BM_PoolTask|BM_ThreadPerTask' --benchmark_repetitions=5
//
// Batch: submit 100 empty tasks, wait for all; the time per task is the "per_task" counter.
// RoundTrip: one task at a time, waiting for each (the worker sleeps between tasks).
#include <benchmark/benchmark.h>

#include <thread>
#include <vector>

#include "core/runtime/thread_pool.hpp"

using namespace tl;

namespace {

constexpr int kBatch = 100;

std::int64_t empty_task(Actor&, std::uint32_t id) { return id; }

/// A recorder, a runtime and a started pool for the whole benchmark run.
struct PoolFixture {
    explicit PoolFixture(int workers) : rec(1 << 16), pool(workers), rt(rec) {
        pool.start(rt);
        pool.wait_ready_for(std::chrono::seconds(10));
    }
    ~PoolFixture() {
        pool.shutdown(ShutdownMode::Cancel);
        rt.request_stop();
        rt.join();
    }
    /// The UI drains the rings every frame; so does the benchmark, inside the timing.
    void drain() {
        rec.poll([](const Event& e) { benchmark::DoNotOptimize(e.ts); });
    }
    Recorder rec;
    ThreadPool pool;
    Runtime rt;
};

void per_task_counter(benchmark::State& state, int tasks_per_iteration) {
    state.SetItemsProcessed(state.iterations() * tasks_per_iteration);
    state.counters["per_task"] = benchmark::Counter(static_cast<double>(tasks_per_iteration),
                                                    benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

} // namespace

// [SECTION] Batches of 100 empty tasks

static void BM_PoolTaskBatch(benchmark::State& state) {
    PoolFixture f(static_cast<int>(state.range(0)));
    std::vector<TaskFuture> futures;
    futures.reserve(kBatch);
    for (auto _ : state) {
        futures.clear();
        for (int i = 0; i < kBatch; ++i) futures.push_back(f.pool.submit(empty_task));
        for (const TaskFuture& fu : futures) fu.wait_for(std::chrono::seconds(10));
        f.drain();
    }
    per_task_counter(state, kBatch);
}
BENCHMARK(BM_PoolTaskBatch)->ArgName("workers")->Arg(1)->Arg(2)->Arg(4)->UseRealTime();

static void BM_ThreadPerTaskBatch(benchmark::State& state) {
    std::vector<std::thread> threads;
    threads.reserve(kBatch);
    for (auto _ : state) {
        threads.clear();
        for (int i = 0; i < kBatch; ++i) threads.emplace_back([i] { benchmark::DoNotOptimize(i); });
        for (std::thread& t : threads) t.join();
    }
    per_task_counter(state, kBatch);
}
BENCHMARK(BM_ThreadPerTaskBatch)->UseRealTime();

// [SECTION] One task at a time

static void BM_PoolTaskRoundTrip(benchmark::State& state) {
    PoolFixture f(1);
    int n = 0;
    for (auto _ : state) {
        f.pool.submit(empty_task).wait_for(std::chrono::seconds(10));
        if (++n % 1024 == 0) f.drain();
    }
    per_task_counter(state, 1);
}
BENCHMARK(BM_PoolTaskRoundTrip)->UseRealTime();

static void BM_ThreadPerTaskRoundTrip(benchmark::State& state) {
    int i = 0;
    for (auto _ : state) {
        std::thread t([&i] { benchmark::DoNotOptimize(++i); });
        t.join();
    }
    per_task_counter(state, 1);
}
BENCHMARK(BM_ThreadPerTaskRoundTrip)->UseRealTime();
