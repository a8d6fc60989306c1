// The scheduler demo's job list: the strict parser of "A:0:8,B:1:4:io=3@2" (the --jobs flag, the
// job table, lesson presets).
//
//   NAME:ARRIVAL:BURST[:io=D@T]...   comma-separated, 1-10 jobs
//   NAME     1-8 letters, digits or '_', starting with a letter; unique
//   ARRIVAL  0-999 time units;  BURST  1-99 units of CPU time in all
//   io=D@T   after T units of its CPU time (0 < T < BURST, increasing) the job blocks for D
//            (1-99) units, as if waiting for a disk; at most 4 per job
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tl::sched_sim {

struct IoBurst {
    int after = 0;    ///< units of the job's CPU time done when it blocks
    int duration = 0; ///< units it stays blocked
    bool operator==(const IoBurst&) const = default;
};

struct Job {
    std::string name;
    int arrival = 0;
    int burst = 0; ///< CPU time in all
    std::vector<IoBurst> io;
    bool operator==(const Job&) const = default;
};

inline constexpr int kMaxJobs = 10;
inline constexpr int kMaxNameLength = 8;
inline constexpr int kMaxArrival = 999;
inline constexpr int kMaxBurst = 99;
inline constexpr int kMaxIoDuration = 99;
inline constexpr int kMaxIoPerJob = 4;

/// The jobs of `text`, or false with `error` naming the bad entry ("entry 2 'B:x:4': the
/// arrival 'x' is not a whole number 0-999").
bool parse_jobs(std::string_view text, std::vector<Job>& out, std::string* error = nullptr);
/// The canonical text of a job list (parse_jobs reads it back to the same jobs).
std::string format_jobs(const std::vector<Job>& jobs);
/// The syntax, for --help and the view's tooltip.
inline constexpr const char* kJobsSyntax = "NAME:ARRIVAL:BURST[:io=D@T],...";

} // namespace tl::sched_sim
