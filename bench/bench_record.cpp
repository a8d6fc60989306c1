// Recording cost (one event into a lane's ring) and instrumented lock cost against std::mutex.
#include <benchmark/benchmark.h>

#include <mutex>
#include <thread>

#include "core/runtime/instrumented_mutex.hpp"
#include "core/trace/clock.hpp"
#include "core/trace/recorder.hpp"

using namespace tl;

// The consumer drains in the background, as the UI does, so the ring never fills.
template <Nanos (*Clock)()> static void record_loop(benchmark::State& state) {
    Recorder rec(1 << 16);
    const LaneId lane = rec.add_lane("bench");
    std::atomic<bool> done{false};
    std::thread consumer([&] {
        while (!done.load(std::memory_order_relaxed)) {
            rec.poll([](const Event&) {});
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    });
    std::int64_t i = 0;
    for (auto _ : state) rec.record(lane, Event{Clock(), i++, 1, lane, EventKind::State, 1});
    done = true;
    consumer.join();
    state.counters["dropped"] = static_cast<double>(rec.overflow(lane));
}

static Nanos no_clock() { return 0; }

/// The recorder as the demos use it: now_ns() (calibrated TSC where invariant) + push.
static void BM_RecordEvent_Tsc(benchmark::State& state) { record_loop<now_ns>(state); }
BENCHMARK(BM_RecordEvent_Tsc);
static void BM_RecordEvent_SteadyClock(benchmark::State& state) { record_loop<detail::steady_now_ns>(state); }
BENCHMARK(BM_RecordEvent_SteadyClock);
static void BM_RecordEvent_NoTimestamp(benchmark::State& state) { record_loop<no_clock>(state); }
BENCHMARK(BM_RecordEvent_NoTimestamp);

static void BM_Clock_Tsc(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(now_ns());
    state.SetLabel(clock_source());
}
BENCHMARK(BM_Clock_Tsc);
static void BM_Clock_SteadyClock(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(detail::steady_now_ns());
}
BENCHMARK(BM_Clock_SteadyClock);

// Both lock benchmarks run with a second thread alive: a single-threaded process makes
// std::mutex look 5x cheaper than it is in a real demo.
struct SecondThread {
    std::atomic<bool> stop{false};
    std::thread t{[this] {
        while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }};
    ~SecondThread() {
        stop = true;
        t.join();
    }
};

static void BM_LockUnlock_StdMutex(benchmark::State& state) {
    SecondThread other;
    std::mutex m;
    for (auto _ : state) {
        m.lock();
        m.unlock();
    }
}
BENCHMARK(BM_LockUnlock_StdMutex);

static void BM_LockUnlock_Instrumented(benchmark::State& state) {
    SecondThread other;
    Recorder rec(1 << 16);
    Runtime rt(rec);
    // The mutex records on an actor's lane; this thread plays the actor.
    Actor a(rt, rec.add_lane("bench"), 0);
    InstrumentedMutex m(1);
    std::int64_t n = 0;
    std::size_t events = 0;
    for (auto _ : state) {
        m.lock(a);
        m.unlock(a);
        if ((++n & 4095) == 0) events += rec.poll([](const Event&) {}); // the UI's drain, kept off the ring's limit
    }
    events += rec.poll([](const Event&) {});
    // Events recorded per lock+unlock (2: Acquired + HoldLock, Released + Running).
    state.counters["events"] = n ? static_cast<double>(events) / static_cast<double>(n) : 0.0;
}
BENCHMARK(BM_LockUnlock_Instrumented);
