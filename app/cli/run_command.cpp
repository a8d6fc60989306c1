#include "app/cli/run_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "core/demo/run_export.hpp"
#include "core/sched/explorer.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl {

static std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }

int run_headless(Demo& demo, bool json) {
    g_interrupted = false;
    auto* previous = std::signal(SIGINT, on_sigint);
    const Nanos limit = demo.run_limit();
    const Nanos t0 = now_ns();
    demo.start();
    Scheduler* sched = demo.scheduler(); // controlled: it ends the run itself (finished, deadlock, step limit)
    while (demo.running() && !g_interrupted.load()) {
        demo.poll();
        if (sched ? sched->phase() != Scheduler::Phase::Running : limit > 0 && now_ns() - t0 >= limit) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(sched ? 1 : 2));
    }
    demo.poll(); // a deadlock is seen before the stop takes it apart
    demo.stop();
    std::signal(SIGINT, previous);
    if (sched && sched->phase() == Scheduler::Phase::Failed) {
        std::fprintf(stderr, "threadlab: --schedule does not fit this run: %s\n", sched->snapshot().error.c_str());
        return 2;
    }
    if (json) {
        // Replace rather than throw on a string that is not UTF-8 (a task error from a child).
        std::printf("%s\n", demo.to_json().dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
    } else {
        std::printf("%s", demo.summary().c_str());
        if (g_interrupted) std::printf("  (interrupted)\n");
    }
    for (const auto& e : demo.errors()) std::fprintf(stderr, "threadlab: a thread failed: %s\n", e.c_str());
    return g_interrupted ? 130 : 0;
}

int write_run_exports(const Demo& demo, const std::string& trace_path, const std::string& csv_path, int status) {
    std::string err;
    if (!trace_path.empty() && !export_trace(demo, trace_path, &err)) {
        std::fprintf(stderr, "threadlab: --trace: %s\n", err.c_str());
        status = 1;
    }
    if (!csv_path.empty() && !export_data(demo, csv_path, &err)) {
        std::fprintf(stderr, "threadlab: --csv: %s\n", err.c_str());
        status = 1;
    }
    return status;
}

int run_explore(Demo& demo, const ExploreLimits& limits, bool json) {
    g_interrupted = false;
    auto* previous = std::signal(SIGINT, on_sigint);
    std::atomic<bool> cancel{false};
    ExploreReport r = explore(demo, limits, &cancel, [&](const ExploreReport&) {
        if (g_interrupted.load()) cancel.store(true);
    });
    std::signal(SIGINT, previous);
    if (json) {
        Json j;
        j["demo"] = std::string(demo.id());
        j.update(r.to_json());
        std::printf("%s\n", j.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
    } else {
        std::printf("%s: %llu schedules (%llu pruned as already covered), %llu distinct states, %.2f s%s\n",
                    demo.title().c_str(), static_cast<unsigned long long>(r.schedules),
                    static_cast<unsigned long long>(r.pruned), static_cast<unsigned long long>(r.states), r.seconds,
                    r.complete ? ", complete" : (", NOT complete (" + r.stopped_by + ")").c_str());
        std::printf("Outcomes:\n");
        for (const ExploreOutcome& o : r.outcomes)
            std::printf("  %-12s %8llu schedules, shortest: %s\n", o.result.dump().c_str(),
                        static_cast<unsigned long long>(o.count), format_schedule(o.shortest).c_str());
        std::printf("Failures:%s\n", r.failures.empty() ? " none" : "");
        for (const ExploreFailure& f : r.failures)
            std::printf("  %-12s %8llu schedules, shortest: %s\n", f.kind.c_str(), static_cast<unsigned long long>(f.count),
                        format_schedule(f.shortest).c_str());
    }
    return g_interrupted ? 130 : 0;
}

} // namespace tl
