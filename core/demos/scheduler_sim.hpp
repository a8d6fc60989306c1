// The scheduling itself: a pure, exact simulation in whole time units of FCFS, SJF, SRTF, RR and
// MLFQ on 1-4 CPUs. The same jobs give the same schedule every time. The rules, as the view and
// lesson 160 state them:
//
// At each instant t, in this order:
//   1. a job whose work ran out leaves its CPU: finished, blocked (its IO starts), or its time
//      slice is used up (RR, MLFQ; MLFQ moves it one level down);
//   2. MLFQ boost: at every multiple of the boost period every job goes back to the top level;
//   3. jobs enter the ready queue: first those arriving at t (in list order), then those whose
//      IO ends at t (list order), then those whose slice ended at t (CPU order). So a job
//      arriving as a slice ends is queued before the preempted one;
//   4. preemptive algorithms (SRTF, MLFQ) take a CPU from a running job only for a job that is
//      strictly better (shorter remaining burst; higher level); the preempted job queues last;
//   5. free CPUs take jobs, CPU 1 first, the best first. Ties go to the job that entered the
//      ready queue earliest (so: earlier arrival, then list order).
// "Better": FCFS and RR the queue order; SJF and SRTF the shorter CPU burst still to run before
// the next IO or the end; MLFQ the higher level, then queue order.
#pragma once
#include <string>
#include <vector>

#include "core/demos/scheduler_jobs.hpp"

namespace tl::sched_sim {

enum class Algorithm { Fcfs, Sjf, Srtf, Rr, Mlfq };
inline constexpr Algorithm kAllAlgorithms[] = {Algorithm::Fcfs, Algorithm::Sjf, Algorithm::Srtf, Algorithm::Rr,
                                               Algorithm::Mlfq};
const char* algorithm_name(Algorithm a); ///< "fcfs", ...

struct Config {
    Algorithm algorithm = Algorithm::Fcfs;
    int quantum = 2; ///< RR's slice; MLFQ's top level (then 2x and 4x)
    int cpus = 1;
    int boost = 20;  ///< MLFQ: every job back to the top every this many units (0: never)
};
inline constexpr int kMlfqLevels = 3;
/// MLFQ's slice at `level` (0 is the top).
inline int mlfq_quantum(const Config& c, int level) { return c.quantum << level; }

enum class JobState { Absent, Ready, Running, Blocked };

/// A job's state over [from, to); `cpu` while Running (0-based), `level` in MLFQ.
struct Segment {
    JobState state = JobState::Absent;
    int from = 0, to = 0;
    int cpu = -1;
    int level = 0;
};

/// One dispatch: CPU `cpu` (0-based) runs job `job` (index) over [from, to).
struct Slice {
    int cpu = 0;
    int job = 0;
    int from = 0, to = 0;
};

struct JobStats {
    int start = -1, finish = -1;
    int waiting = 0;    ///< units spent ready
    int turnaround = 0; ///< finish - arrival
    int response = 0;   ///< first run - arrival
};

struct Schedule {
    std::vector<Job> jobs;
    Config config;
    std::vector<Slice> gantt;                  ///< in time order, then CPU order
    std::vector<std::vector<Segment>> lanes;   ///< per job, in time order (Absent left out)
    std::vector<JobStats> stats;               ///< per job
    double avg_waiting = 0, avg_turnaround = 0, avg_response = 0;
    int makespan = 0;                          ///< when the last job finishes
    /// Job `j`'s state during unit [t, t+1).
    JobState state_at(int j, int t) const;
};

/// Runs the jobs under `c` (jobs must be valid as parse_jobs makes them).
Schedule simulate(const std::vector<Job>& jobs, const Config& c);

} // namespace tl::sched_sim
