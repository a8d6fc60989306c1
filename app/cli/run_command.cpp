#include "app/cli/run_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace tl {

static std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }

int run_headless(Demo& demo, bool json) {
    g_interrupted = false;
    auto* previous = std::signal(SIGINT, on_sigint);
    const Nanos limit = demo.run_limit();
    const Nanos t0 = now_ns();
    demo.start();
    while (demo.running() && !g_interrupted.load()) {
        demo.poll();
        if (limit > 0 && now_ns() - t0 >= limit) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    demo.stop();
    std::signal(SIGINT, previous);
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

} // namespace tl
