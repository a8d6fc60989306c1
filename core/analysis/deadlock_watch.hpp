// Finds a deadlock from live state on a thread of its own, every couple of milliseconds, so how
// soon it is found does not depend on how often the UI polls (a software-rendered frame can take
// 400 ms). The DeadlockMonitor still names the cycle from the events; the watch only says when
// it was first certain.
//
// Each scan asks the demo who is blocked on which lock, who holds that lock, and how many events
// each lane has offered so far (Recorder::offered). A cycle of "waits for a lock held by" counts
// once it has been seen at scans at least kConfirm apart with none of its members having offered
// a single event in between: a lane that got its lock would have recorded it.
//
//   DeadlockWatch w;
//   w.start([&](std::vector<DeadlockWatch::Blocked>& out) { ...one entry per blocked lane... });
//   ...
//   if (auto t = w.detected(cycle, formed)) ...   // when the watch was sure of this cycle
//   w.stop();                                     // joins the thread (also on destruction)
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/analysis/wait_for_graph.hpp"

namespace tl {

class DeadlockWatch {
public:
    static constexpr Nanos kPeriod = 2'000'000;  // 2 ms between scans
    static constexpr Nanos kConfirm = 5'000'000; // as the DeadlockMonitor's
    static constexpr std::size_t kKeep = 64;     // detections remembered (a run with many breaks)

    /// A lane that is blocked (or about to block) on `lock`, which lane `holder` holds (-1: free).
    struct Blocked {
        std::uint16_t lane = 0;
        std::uint32_t lock = 0;
        int holder = -1;
        std::uint64_t progress = 0; ///< the lane's Recorder::offered count
    };
    using Snapshot = std::function<void(std::vector<Blocked>&)>;
    struct Detection {
        WaitCycle cycle;
        Nanos detected = 0;
    };

    DeadlockWatch() = default;
    ~DeadlockWatch() { stop(); }
    DeadlockWatch(const DeadlockWatch&) = delete;
    DeadlockWatch& operator=(const DeadlockWatch&) = delete;

    /// Starts scanning with `snapshot` (called on the watch's thread) and forgets old detections.
    void start(Snapshot snapshot);
    /// Stops and joins the thread. Detections stay readable.
    void stop();
    bool running() const { return thread_.joinable(); }

    /// The earliest detection of `cycle` made at or after `not_before`, if any.
    std::optional<Nanos> detected(const WaitCycle& cycle, Nanos not_before) const;
    std::vector<Detection> detections() const;

    /// One scan at time `now`, on the caller's thread: what the thread does every kPeriod
    /// (public so a test can drive it with a made-up snapshot and clock).
    void scan(const std::vector<Blocked>& blocked, Nanos now);

    /// The cycles in one snapshot, each rotated so its smallest lane comes first.
    static std::vector<WaitCycle> find_cycles(const std::vector<Blocked>& blocked);

private:
    struct Candidate {
        WaitCycle cycle;
        std::vector<std::uint64_t> progress;
        Nanos first_seen = 0;
        bool reported = false;
    };
    void run(Snapshot snapshot);

    std::thread thread_;
    mutable std::mutex mutex_; // guards stop_, detections_ (candidates_ belong to the scanner)
    std::condition_variable cv_;
    bool stop_ = false;
    std::vector<Candidate> candidates_;
    std::vector<Detection> detections_;
};

} // namespace tl
