// The trace export of a big run: 1,000,000 spans on 10 lanes written as Chrome trace JSON into
// memory (the file system left out). Counters: bytes written per span.
#include <benchmark/benchmark.h>

#include <sstream>

#include "core/trace/chrome_trace.hpp"

using namespace tl;

static void BM_ChromeTrace_1M(benchmark::State& state) {
    Timeline tl;
    constexpr int kLanes = 10, kPerLane = 100'000;
    for (std::uint16_t lane = 0; lane < kLanes; ++lane) {
        tl.set_lane_name(lane, LaneName("Donor {1}", lane + 1));
        for (int i = 0; i < kPerLane; ++i) {
            const ThreadState s = i % 3 == 0 ? ThreadState::WaitLock : i % 3 == 1 ? ThreadState::HoldLock : ThreadState::Running;
            tl.add(state_event(Nanos{i} * 1537 + lane, lane, s, s == ThreadState::Running ? 0 : 1));
        }
        tl.add(state_event(Nanos{kPerLane} * 1537, lane, ThreadState::Idle));
    }
    ChromeTraceOptions opt;
    opt.process_name = "bench";
    opt.object_name = [](ThreadState, std::uint32_t o) { return "lock " + std::to_string(o); };
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::ostringstream out;
        benchmark::DoNotOptimize(write_chrome_trace(out, tl, opt));
        bytes = out.str().size();
    }
    state.counters["spans"] = static_cast<double>(tl.span_count());
    state.counters["bytes_per_span"] = static_cast<double>(bytes) / static_cast<double>(tl.span_count());
}
BENCHMARK(BM_ChromeTrace_1M)->Unit(benchmark::kMillisecond);
