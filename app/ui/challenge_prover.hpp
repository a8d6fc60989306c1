// "Ask the explorer": proves an explore_none challenge on a background thread, so the lab keeps
// drawing while every schedule of the challenge's configuration is run (on a fresh demo of its
// own, never the one on screen). One search at a time; the destructor cancels and joins it.
//
//   ChallengeProver p;
//   p.start("philosophers", lesson.preset, challenge, "dining-philosophers/waiter-safe");
//   ...each frame: if (auto done = p.take_result()) ...done->report...
#pragma once
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/lessons/challenge.hpp"
#include "core/sched/explorer.hpp"

namespace tl::ui {

class ChallengeProver {
public:
    struct Result {
        std::string key;    ///< what start() was given to tell the searches apart
        ExploreReport report;
        std::string error;  ///< the configuration could not be set up
    };

    ChallengeProver() = default;
    ~ChallengeProver();
    ChallengeProver(const ChallengeProver&) = delete;
    ChallengeProver& operator=(const ChallengeProver&) = delete;

    /// Starts a search; false when one is still running.
    bool start(const std::string& demo_id, const Preset& lesson_preset, const Challenge& c, std::string key,
               ExploreLimits limits = {});
    bool running() const { return running_.load(); }
    /// The key of the running search ("" when none).
    std::string running_key() const;
    /// Schedules run so far by the running search.
    std::uint64_t schedules_so_far() const { return so_far_.load(); }
    /// The finished search's result, once (then nothing until the next one ends).
    std::optional<Result> take_result();
    /// Blocks until the current search ends (tests; the lab never waits).
    void wait();

private:
    mutable std::mutex m_;
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> running_{false};
    std::atomic<std::uint64_t> so_far_{0};
    std::string key_;
    std::optional<Result> done_;
};

} // namespace tl::ui
