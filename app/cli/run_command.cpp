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

DemoRun run_demo_headless(Demo& demo, Nanos time_limit, bool keep_timeline) {
    DemoRun out;
    const Nanos own = keep_timeline ? demo.recorded_run_limit() : demo.run_limit();
    const Nanos t0 = now_ns();
    demo.start();
    Scheduler* sched = demo.scheduler(); // controlled: it ends the run itself (finished, deadlock, step limit)
    bool timed_out = false;
    // Ctrl+C stops the actors from a thread of its own: busy actors can starve this thread, whose
    // poll then takes long, and the stop must not wait for it (the target is 200 ms).
    std::atomic<bool> loop_done{false};
    std::thread interrupt_watch([&] {
        while (!loop_done.load()) {
            if (g_interrupted.load()) {
                demo.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    while (demo.running() && !g_interrupted.load()) {
        demo.poll();
        const Nanos elapsed = now_ns() - t0;
        if (sched ? sched->phase() != Scheduler::Phase::Running : own > 0 && elapsed >= own) break;
        if (time_limit > 0 && elapsed >= time_limit) {
            timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(sched ? 1 : 2));
    }
    loop_done.store(true);
    interrupt_watch.join();
    if (!g_interrupted.load()) demo.poll(); // a deadlock is seen before the stop takes it apart
    demo.stop();
    out.interrupted = g_interrupted.load();
    if (timed_out) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "timed out after %.1f s", static_cast<double>(time_limit) / 1e9);
        out.problem = buf;
    }
    if (sched && sched->phase() == Scheduler::Phase::Failed)
        out.problem = "the schedule does not fit this run: " + sched->snapshot().error;
    for (const auto& e : demo.errors())
        if (out.problem.empty()) out.problem = "a thread failed: " + e;
    out.result = demo.to_json();
    return out;
}

int run_headless(Demo& demo, bool json, bool keep_timeline) {
    DemoRun run;
    {
        InterruptGuard guard;
        run = run_demo_headless(demo, 0, keep_timeline);
    }
    Scheduler* sched = demo.scheduler();
    if (sched && sched->phase() == Scheduler::Phase::Failed) {
        std::fprintf(stderr, "threadlab: --schedule does not fit this run: %s\n", sched->snapshot().error.c_str());
        return 2;
    }
    if (json) {
        // Replace rather than throw on a string that is not UTF-8 (a task error from a child).
        std::printf("%s\n", run.result.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
    } else {
        std::printf("%s", demo.summary().c_str());
        if (run.interrupted) std::printf("  (interrupted)\n");
    }
    for (const auto& e : demo.errors()) std::fprintf(stderr, "threadlab: a thread failed: %s\n", e.c_str());
    return run.interrupted ? 130 : 0;
}

InterruptGuard::InterruptGuard() : previous_(std::signal(SIGINT, on_sigint)) { g_interrupted = false; }
InterruptGuard::~InterruptGuard() { std::signal(SIGINT, previous_); }
const std::atomic<bool>& InterruptGuard::flag() { return g_interrupted; }

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
