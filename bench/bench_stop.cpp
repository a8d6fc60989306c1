// Stop latency: each demo at its maximum settings runs for a moment (polled every 16 ms, as the
// window does), then Stop is requested; the time is from the request until every thread is
// joined and the last events are drained (Demo::stop). The target is 200 ms.
//
//   threadlab-bench --benchmark_filter=BM_StopLatency
//
// The same settings as `./lab soak` (tools/soak.sh), but for the process pool: its workers are
// the threadlab executable itself (`threadlab pool-worker`), so only the soak (which runs the
// CLI) measures it. The "max_ms" counter is the worst of the iterations, the time their mean.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/demo/registry.hpp"

using namespace tl;

namespace {

struct MaxSettings {
    const char* name;
    const char* demo;
    std::vector<std::pair<const char*, const char*>> params;
};

const std::vector<MaxSettings>& max_settings() {
    static const std::vector<MaxSettings> all = {
        {"donation_continuous_lock_off", "donation",
         {{"mode", "continuous"}, {"donors", "256"}, {"think-ms", "0"}, {"lock", "off"}, {"duration-ms", "600000"}}},
        {"donation_continuous_lock_on", "donation",
         {{"mode", "continuous"}, {"donors", "256"}, {"think-ms", "0"}, {"lock", "on"}, {"duration-ms", "600000"}}},
        {"donation_rounds", "donation", {{"donors", "256"}, {"think-ms", "50"}, {"rounds", "1000"}, {"barrier", "on"}}},
        {"balance", "donation", {{"variant", "balance"}, {"iterations", "1000000"}, {"rounds", "1000"}}},
        {"philosophers_naive", "philosophers",
         {{"philosophers", "16"}, {"strategy", "naive"}, {"think-ms", "0"}, {"eat-ms", "0"}, {"hesitate-ms", "0"},
          {"duration-ms", "600000"}}},
        {"philosophers_trylock", "philosophers",
         {{"philosophers", "16"}, {"strategy", "trylock"}, {"think-ms", "0"}, {"eat-ms", "0"}, {"hesitate-ms", "0"},
          {"duration-ms", "600000"}}},
        {"philosophers_slow", "philosophers",
         {{"philosophers", "16"}, {"strategy", "waiter"}, {"think-ms", "2000"}, {"eat-ms", "2000"},
          {"hesitate-ms", "500"}, {"duration-ms", "600000"}}},
        {"queue_fast", "queue",
         {{"producers", "16"}, {"consumers", "16"}, {"capacity", "64"}, {"items", "100000"}, {"produce-ms", "0"},
          {"consume-ms", "0"}}},
        {"queue_slow", "queue",
         {{"producers", "16"}, {"consumers", "16"}, {"capacity", "1"}, {"items", "100000"}, {"produce-ms", "1000"},
          {"consume-ms", "1000"}, {"put", "timeout"}, {"get", "timeout"}, {"timeout-ms", "10000"}}},
        {"pool", "pool", {{"workers", "32"}, {"tasks", "1000"}, {"task-ms", "10000"}}},
        {"pool_thread_per_task", "pool", {{"mode", "thread-per-task"}, {"tasks", "1000"}, {"task-ms", "10000"}}},
    };
    return all;
}

void stop_latency(benchmark::State& state, const MaxSettings& s) {
    auto demo = make_demo(s.demo);
    for (const auto& [k, v] : s.params) {
        std::string error;
        if (!demo->set_param_text(k, v, &error)) {
            state.SkipWithError((std::string(s.name) + ": " + error).c_str());
            return;
        }
    }
    double worst = 0;
    for (auto _ : state) {
        demo->start();
        // Half a second of running, polled as the window polls.
        for (int frame = 0; frame < 30 && demo->running(); ++frame) {
            std::this_thread::sleep_for(std::chrono::milliseconds(16));
            demo->poll();
        }
        const auto t0 = std::chrono::steady_clock::now();
        demo->stop();
        const double s_taken = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        state.SetIterationTime(s_taken);
        worst = std::max(worst, s_taken * 1000.0);
    }
    demo->reset();
    state.counters["max_ms"] = worst;
}

const bool registered = [] {
    for (const MaxSettings& s : max_settings())
        benchmark::RegisterBenchmark((std::string("BM_StopLatency/") + s.name).c_str(),
                                     [&s](benchmark::State& st) { stop_latency(st, s); })
            ->UseManualTime()
            ->Iterations(5)
            ->Unit(benchmark::kMillisecond);
    return true;
}();

} // namespace
