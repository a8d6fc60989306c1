#include "core/demos/scheduler_sim.hpp"

#include <algorithm>
#include <tuple>

namespace tl::sched_sim {

const char* algorithm_name(Algorithm a) {
    switch (a) {
    case Algorithm::Fcfs: return "fcfs";
    case Algorithm::Sjf: return "sjf";
    case Algorithm::Srtf: return "srtf";
    case Algorithm::Rr: return "rr";
    case Algorithm::Mlfq: return "mlfq";
    }
    return "?";
}

JobState Schedule::state_at(int j, int t) const {
    for (const Segment& s : lanes[static_cast<std::size_t>(j)])
        if (t >= s.from && t < s.to) return s.state;
    return JobState::Absent;
}

namespace {

struct Live {
    JobState state = JobState::Absent;
    bool finished = false;
    int done = 0;       ///< CPU units run so far
    std::size_t next_io = 0;
    int io_until = -1;  ///< blocked until this instant
    int level = 0;      ///< MLFQ
    int used = 0;       ///< units of the current slice used
    long seq = 0;       ///< when it last entered the ready queue (smaller: earlier)
    int cpu = -1;
    int dispatches = 0;
};

/// CPU time left before the job's next IO or its end.
int burst_left(const Job& j, const Live& l) {
    const int until = l.next_io < j.io.size() ? j.io[l.next_io].after : j.burst;
    return until - l.done;
}

bool preemptive(Algorithm a) { return a == Algorithm::Srtf || a == Algorithm::Mlfq; }
bool sliced(Algorithm a) { return a == Algorithm::Rr || a == Algorithm::Mlfq; }

} // namespace

Schedule simulate(const std::vector<Job>& jobs, const Config& c) {
    Schedule out;
    out.jobs = jobs;
    out.config = c;
    const int n = static_cast<int>(jobs.size());
    const int cpus = std::max(1, c.cpus);
    out.lanes.resize(jobs.size());
    out.stats.resize(jobs.size());
    std::vector<Live> live(jobs.size());
    std::vector<int> on_cpu(static_cast<std::size_t>(cpus), -1);
    std::vector<std::size_t> open_slice(static_cast<std::size_t>(cpus), 0);
    long next_seq = 0;
    int finished = 0;
    auto slice_of = [&](const Live& l) { return c.algorithm == Algorithm::Mlfq ? mlfq_quantum(c, l.level) : c.quantum; };
    auto enqueue = [&](int j) {
        live[static_cast<std::size_t>(j)].state = JobState::Ready;
        live[static_cast<std::size_t>(j)].seq = next_seq++;
    };
    auto leave_cpu = [&](int cpu, int t) {
        const int j = on_cpu[static_cast<std::size_t>(cpu)];
        out.gantt[open_slice[static_cast<std::size_t>(cpu)]].to = t;
        live[static_cast<std::size_t>(j)].cpu = -1;
        on_cpu[static_cast<std::size_t>(cpu)] = -1;
    };
    // The better job first; a running job keeps its CPU against an equal one.
    auto key = [&](int j) {
        const Live& l = live[static_cast<std::size_t>(j)];
        int primary = 0;
        if (c.algorithm == Algorithm::Sjf || c.algorithm == Algorithm::Srtf) primary = burst_left(jobs[static_cast<std::size_t>(j)], l);
        if (c.algorithm == Algorithm::Mlfq) primary = l.level;
        const bool running = l.state == JobState::Running;
        return std::make_tuple(primary, running ? 0 : 1, running ? static_cast<long>(l.cpu) : l.seq);
    };

    for (int t = 0; finished < n && t < 1'000'000; ++t) {
        // 1. Jobs whose work ran out leave their CPU.
        std::vector<int> expired;
        for (int cpu = 0; cpu < cpus; ++cpu) {
            const int j = on_cpu[static_cast<std::size_t>(cpu)];
            if (j < 0) continue;
            const Job& job = jobs[static_cast<std::size_t>(j)];
            Live& l = live[static_cast<std::size_t>(j)];
            if (l.done == job.burst) {
                leave_cpu(cpu, t);
                l.state = JobState::Absent;
                l.finished = true;
                out.stats[static_cast<std::size_t>(j)].finish = t;
                ++finished;
            } else if (l.next_io < job.io.size() && l.done == job.io[l.next_io].after) {
                leave_cpu(cpu, t);
                l.state = JobState::Blocked;
                l.io_until = t + job.io[l.next_io].duration;
                ++l.next_io;
                l.used = 0; // blocking before the slice ends keeps the MLFQ level
            } else if (sliced(c.algorithm) && l.used >= slice_of(l)) {
                leave_cpu(cpu, t);
                if (c.algorithm == Algorithm::Mlfq) l.level = std::min(l.level + 1, kMlfqLevels - 1);
                l.used = 0;
                expired.push_back(j);
            }
        }
        if (finished == n) {
            out.makespan = t;
            break;
        }
        // 2. MLFQ boost.
        if (c.algorithm == Algorithm::Mlfq && c.boost > 0 && t > 0 && t % c.boost == 0)
            for (Live& l : live) {
                l.level = 0;
                l.used = 0;
            }
        // 3. Into the ready queue: arrivals, IO returns, expired slices.
        for (int j = 0; j < n; ++j)
            if (jobs[static_cast<std::size_t>(j)].arrival == t) enqueue(j);
        for (int j = 0; j < n; ++j)
            if (live[static_cast<std::size_t>(j)].state == JobState::Blocked && live[static_cast<std::size_t>(j)].io_until == t)
                enqueue(j);
        for (int j : expired) enqueue(j);
        // 4. and 5. Who runs in [t, t+1).
        std::vector<int> cand;
        for (int j = 0; j < n; ++j) {
            const JobState s = live[static_cast<std::size_t>(j)].state;
            if (s == JobState::Ready || (s == JobState::Running && preemptive(c.algorithm))) cand.push_back(j);
        }
        std::sort(cand.begin(), cand.end(), [&](int a, int b) { return key(a) < key(b); });
        int free_cpus = 0;
        for (int j : on_cpu) free_cpus += j < 0 ? 1 : 0;
        std::vector<int> chosen;
        if (preemptive(c.algorithm)) {
            const std::size_t keep = std::min(cand.size(), static_cast<std::size_t>(cpus));
            chosen.assign(cand.begin(), cand.begin() + static_cast<long>(keep));
            for (int cpu = 0; cpu < cpus; ++cpu) {
                const int j = on_cpu[static_cast<std::size_t>(cpu)];
                if (j < 0 || std::find(chosen.begin(), chosen.end(), j) != chosen.end()) continue;
                leave_cpu(cpu, t); // preempted: queued last
                enqueue(j);
                ++free_cpus;
            }
            std::erase_if(chosen, [&](int j) { return live[static_cast<std::size_t>(j)].state == JobState::Running; });
        } else {
            chosen.assign(cand.begin(), cand.begin() + std::min<long>(static_cast<long>(cand.size()), free_cpus));
        }
        std::size_t next = 0;
        for (int cpu = 0; cpu < cpus && next < chosen.size(); ++cpu) {
            if (on_cpu[static_cast<std::size_t>(cpu)] >= 0) continue;
            const int j = chosen[next++];
            Live& l = live[static_cast<std::size_t>(j)];
            l.state = JobState::Running;
            l.cpu = cpu;
            ++l.dispatches;
            on_cpu[static_cast<std::size_t>(cpu)] = j;
            open_slice[static_cast<std::size_t>(cpu)] = out.gantt.size();
            out.gantt.push_back({cpu, j, t, t + 1});
            if (out.stats[static_cast<std::size_t>(j)].start < 0) out.stats[static_cast<std::size_t>(j)].start = t;
        }
        // Record [t, t+1) and run it.
        for (int j = 0; j < n; ++j) {
            Live& l = live[static_cast<std::size_t>(j)];
            if (l.state == JobState::Absent) continue;
            if (l.state == JobState::Ready) ++out.stats[static_cast<std::size_t>(j)].waiting;
            auto& lane = out.lanes[static_cast<std::size_t>(j)];
            const bool running = l.state == JobState::Running;
            // A new dispatch starts a new segment even on the same CPU (an RR slice renewed).
            const bool fresh_dispatch = running && out.gantt[open_slice[static_cast<std::size_t>(l.cpu)]].from == t;
            if (!lane.empty() && lane.back().to == t && lane.back().state == l.state && lane.back().cpu == l.cpu &&
                lane.back().level == l.level && !fresh_dispatch)
                lane.back().to = t + 1;
            else
                lane.push_back({l.state, t, t + 1, running ? l.cpu : -1, l.level});
            if (running) {
                ++l.done;
                ++l.used;
            }
        }
        for (int cpu = 0; cpu < cpus; ++cpu)
            if (on_cpu[static_cast<std::size_t>(cpu)] >= 0) out.gantt[open_slice[static_cast<std::size_t>(cpu)]].to = t + 1;
    }
    std::stable_sort(out.gantt.begin(), out.gantt.end(),
                     [](const Slice& a, const Slice& b) { return std::tie(a.from, a.cpu) < std::tie(b.from, b.cpu); });
    double w = 0, ta = 0, r = 0;
    for (int j = 0; j < n; ++j) {
        JobStats& s = out.stats[static_cast<std::size_t>(j)];
        const int arrival = jobs[static_cast<std::size_t>(j)].arrival;
        s.turnaround = s.finish - arrival;
        s.response = s.start - arrival;
        w += s.waiting;
        ta += s.turnaround;
        r += s.response;
    }
    if (n > 0) {
        out.avg_waiting = w / n;
        out.avg_turnaround = ta / n;
        out.avg_response = r / n;
    }
    return out;
}

} // namespace tl::sched_sim
