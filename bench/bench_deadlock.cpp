// How soon a deadlock is found after it forms, when the UI polls rarely (a software-rendered
// frame can take 250-450 ms): the DeadlockWatch scans on its own thread, so the time should not
// depend on the poll interval. Target: under 100 ms.
//
//   threadlab-bench --benchmark_filter=BM_DeadlockFound
//
// Each iteration: five naive philosophers who are certain to deadlock (they all take their left
// fork, then hesitate 20 ms), polled every `poll_ms` until the deadlock shows; counters: the
// mean and the worst detection time (detected - formed, by the demo's own clock).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/demos/philosophers.hpp"

using namespace tl;

static void BM_DeadlockFound(benchmark::State& state) {
    const auto poll_every = std::chrono::milliseconds(state.range(0));
    double sum = 0, worst = 0;
    int found = 0;
    for (auto _ : state) {
        PhilosophersDemo d;
        for (auto [k, v] : {std::pair{"strategy", "naive"}, {"think-ms", "0"}, {"eat-ms", "10"}, {"hesitate-ms", "20"},
                            {"jitter", "off"}, {"duration-ms", "0"}})
            d.set_param_text(k, v);
        d.start();
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!d.deadlocked_now() && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(poll_every);
            d.poll();
        }
        if (auto ms = d.detected_after_ms()) {
            sum += *ms;
            worst = std::max(worst, *ms);
            ++found;
        }
        d.stop();
    }
    state.counters["found_after_ms"] = found ? sum / found : -1;
    state.counters["worst_ms"] = worst;
    state.counters["found"] = found;
}
BENCHMARK(BM_DeadlockFound)->ArgName("poll_ms")->Arg(5)->Arg(250)->Arg(500)->Iterations(10)->Unit(benchmark::kMillisecond)->UseRealTime();
