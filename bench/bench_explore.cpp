// The explorer's speed: schedules per second on real threads (each schedule is a fresh run: its
// threads are created, handed the CPU one step at a time, and joined).
#include <benchmark/benchmark.h>

#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/sched/explorer.hpp"

using namespace tl;

namespace {

void report(benchmark::State& state, const ExploreReport& r, std::uint64_t runs, double seconds) {
    state.counters["schedules_per_s"] = benchmark::Counter(static_cast<double>(runs) / seconds);
    state.counters["runs"] = static_cast<double>(r.schedules + r.pruned);
    state.counters["complete"] = r.complete ? 1 : 0;
}

template <class Setup> void explore_loop(benchmark::State& state, Setup setup) {
    std::uint64_t runs = 0;
    double seconds = 0;
    ExploreReport last;
    for (auto _ : state) {
        auto demo = setup();
        last = explore(*demo, {});
        runs += last.schedules + last.pruned;
        seconds += last.seconds;
    }
    report(state, last, runs, seconds);
}

} // namespace

static void BM_Explore_Donation3(benchmark::State& state) {
    explore_loop(state, [] {
        auto d = std::make_unique<DonationDemo>();
        d->set_param("donors", 3);
        return d;
    });
}
BENCHMARK(BM_Explore_Donation3)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_Explore_Philosophers3(benchmark::State& state) {
    explore_loop(state, [] {
        auto d = std::make_unique<PhilosophersDemo>();
        d->set_param("philosophers", 3);
        d->set_param("meals", 1);
        return d;
    });
}
BENCHMARK(BM_Explore_Philosophers3)->Unit(benchmark::kMillisecond)->UseRealTime();

// One step: a hand-over from one parked thread to another (two threads taking turns).
static void BM_ControlledStep(benchmark::State& state) {
    std::uint64_t steps = 0;
    for (auto _ : state) {
        DonationDemo d;
        d.set_param_text("variant", "balance");
        d.set_param("iterations", 2000);
        d.set_schedule({.mode = ScheduleMode::Seeded, .seed = 1});
        d.start();
        d.scheduler()->wait_quiescent();
        steps += static_cast<std::uint64_t>(d.scheduler()->steps());
        d.stop();
    }
    state.counters["steps_per_s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ControlledStep)->Unit(benchmark::kMillisecond)->UseRealTime();
