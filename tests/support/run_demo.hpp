// Test helpers shared by every suite: run a demo to its end, poll until something holds.
#pragma once
#include <chrono>
#include <functional>
#include <thread>

#include <doctest/doctest.h>

#include "core/demo/demo.hpp"

namespace tl::test {

/// Starts the demo, polls it as the UI would until every actor has returned, then stops it.
inline void run_to_end(Demo& d) {
    d.start();
    while (d.running()) {
        d.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    d.stop();
}

/// Starts a controlled run (the demo's ScheduleConfig), waits until the scheduler has nothing
/// left to do on its own (finished, deadlocked, failed, waiting for a step), polls so the
/// analysers see that state, and returns the phase. The run is left as it is: stop() it.
inline Scheduler::Phase run_controlled(Demo& d) {
    d.start();
    REQUIRE(d.scheduler() != nullptr);
    const Scheduler::Phase p = d.scheduler()->wait_quiescent();
    d.poll();
    return p;
}

/// Polls the demo until `pred` holds or `limit` passes; returns whether it held. The limit is a
/// generous safety net against a hang, never the thing a test measures.
inline bool poll_until(Demo& d, const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > end) return false;
        d.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

/// How many lanes have been in `state` at least once (e.g. pool workers that ran a task).
inline int lanes_that_were(const Demo& d, ThreadState state) {
    int n = 0;
    for (const Lane& l : d.timeline().lanes())
        for (const Span& s : l.spans)
            if (s.state == state) {
                ++n;
                break;
            }
    return n;
}

} // namespace tl::test
