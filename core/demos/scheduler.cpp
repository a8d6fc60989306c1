#include "core/demos/scheduler.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace tl {

using namespace sched_sim;

SchedulerDemo::SchedulerDemo() {
    algorithm_ = params_.add_choice<Algorithm>(
        {.key = "algorithm", .label = "Algorithm",
         .help = "fcfs: first come, first served; sjf: shortest job first (non-preemptive); srtf: shortest remaining "
                 "time first (preemptive); rr: round robin; mlfq: multilevel feedback queue (3 levels)",
         .choices = {"fcfs", "sjf", "srtf", "rr", "mlfq"}});
    quantum_ = params_.add_int({.key = "quantum", .label = "Time slice",
                                .help = "rr: the time slice; mlfq: the top level's slice (then 2x and 4x)",
                                .min = 1, .max = 20, .def = 2, .unit = "units", .visible = [this] {
                                    return algorithm_() == Algorithm::Rr || algorithm_() == Algorithm::Mlfq;
                                }});
    boost_ = params_.add_int({.key = "boost", .label = "Boost every",
                              .help = "mlfq: every job goes back to the top level every this many units (0: never)",
                              .min = 0, .max = 200, .def = 20, .unit = "units",
                              .visible = [this] { return algorithm_() == Algorithm::Mlfq; }});
    cpus_ = params_.add_int({.key = "cpus", .label = "CPUs", .help = "CPUs running jobs at once", .min = 1, .max = 4, .def = 1});
    jobs_ = params_.add_text({.key = "jobs", .label = "Jobs",
                              .help = "comma-separated NAME:ARRIVAL:BURST (1-10 jobs, arrival 0-999, burst 1-99 units); "
                                      "add :io=D@T to block for D units after T units of CPU time, e.g. A:0:8:io=3@2",
                              .def = "A:0:8,B:1:4,C:2:9,D:3:5",
                              .syntax = kJobsSyntax,
                              .validate = [](std::string_view text, std::string* err) {
                                  std::vector<Job> jobs;
                                  return parse_jobs(text, jobs, err);
                              }});
    unit_ms_ = params_.add_int({.key = "unit-ms", .label = "Time unit",
                                .help = "how long one time unit lasts while the schedule plays (in the window, or with "
                                        "--trace / --save-run; a plain command-line run prints the computed "
                                        "result at once)",
                                .min = 20, .max = 2000, .def = 300, .unit = "ms"});
    recompute();
}

SchedulerDemo::~SchedulerDemo() { stop(); }

Config SchedulerDemo::config() const {
    return {.algorithm = algorithm_(), .quantum = static_cast<int>(quantum_()), .cpus = static_cast<int>(cpus_()),
            .boost = static_cast<int>(boost_())};
}

void SchedulerDemo::recompute() {
    std::vector<Job> jobs;
    if (!parse_jobs(jobs_(), jobs)) jobs.clear(); // never: the parameter is validated
    Schedule s = simulate(jobs, config());
    const std::lock_guard lock(m_);
    schedule_ = std::move(s);
}

void SchedulerDemo::on_param_changed(std::string_view) {
    recompute();
    if (!running()) show_played_ = false;
}

Schedule SchedulerDemo::schedule() const {
    const std::lock_guard lock(m_);
    return show_played_ ? played_ : schedule_;
}

std::vector<Schedule> SchedulerDemo::compare() const {
    std::vector<Job> jobs;
    Config c;
    {
        const std::lock_guard lock(m_);
        jobs = schedule_.jobs;
        c = schedule_.config;
    }
    std::vector<Schedule> out;
    for (Algorithm a : kAllAlgorithms) {
        c.algorithm = a;
        out.push_back(simulate(jobs, c));
    }
    return out;
}

double SchedulerDemo::played_units() const {
    const std::lock_guard lock(m_);
    if (!show_played_) return schedule_.makespan;
    const double end = played_.makespan;
    if (running()) return std::clamp(static_cast<double>(now_ns() - t0_) / unit_ns_, 0.0, end);
    return frozen_units_ >= 0 ? frozen_units_ : end;
}

// [SECTION] the replay: one thread per job, its lane as the schedule says

void SchedulerDemo::on_start(Runtime& rt) {
    recompute();
    std::vector<std::vector<Segment>> lanes;
    {
        const std::lock_guard lock(m_);
        played_ = schedule_;
        show_played_ = true;
        frozen_units_ = -1;
        unit_ns_ = static_cast<double>(unit_ms_()) * 1e6 * std::max(0.01, rt.time_scale());
        t0_ = now_ns();
        lanes = played_.lanes;
    }
    const double unit_ns = unit_ns_;
    const Nanos t0 = t0_;
    for (std::size_t j = 0; j < lanes.size(); ++j)
        rt.spawn({"Job {1}", played_.jobs[j].name}, [lane = lanes[j], unit_ns, t0](Actor& a) {
            // Sleeps to absolute instants, so the lanes stay in step however late a wake-up is.
            auto until = [&](int units, ThreadState s, std::uint32_t object) {
                const Nanos deadline = t0 + static_cast<Nanos>(units * unit_ns);
                const double scale = std::max(0.01, a.runtime().time_scale());
                a.sleep(static_cast<Nanos>(static_cast<double>(std::max<Nanos>(0, deadline - now_ns())) / scale), s, object);
            };
            int t = 0;
            for (const Segment& seg : lane) {
                if (seg.from > t) until(seg.from, ThreadState::Idle, 0);
                const ThreadState s = seg.state == JobState::Running ? ThreadState::Running
                                      : seg.state == JobState::Ready ? ThreadState::Ready
                                                                     : ThreadState::Blocked;
                until(seg.to, s, seg.state == JobState::Running ? static_cast<std::uint32_t>(seg.cpu + 1) : 0);
                t = seg.to;
            }
            a.point(ThreadState::Idle);
        });
}

void SchedulerDemo::on_stopped() {
    const std::lock_guard lock(m_);
    if (show_played_ && frozen_units_ < 0 && unit_ns_ > 0)
        frozen_units_ = std::clamp(static_cast<double>(now_ns() - t0_) / unit_ns_, 0.0, static_cast<double>(played_.makespan));
}

void SchedulerDemo::on_reset() {
    const std::lock_guard lock(m_);
    show_played_ = false;
    frozen_units_ = -1;
}

// [SECTION] what it shows and prints

std::vector<StateStyle> SchedulerDemo::state_styles() const {
    return {{ThreadState::Running, "running", StateTone::Running},
            {ThreadState::Ready, "ready", StateTone::Ready},
            {ThreadState::Blocked, "blocked (IO)", StateTone::Blocked}};
}

std::vector<Metric> SchedulerDemo::metrics() const {
    const Schedule s = schedule();
    return {{"avg_waiting", "Average waiting", s.avg_waiting, false},
            {"avg_turnaround", "Average turnaround", s.avg_turnaround, false},
            {"avg_response", "Average response", s.avg_response, false}};
}

std::string SchedulerDemo::object_english(ThreadState state, std::uint32_t object) const {
    if (state == ThreadState::Running && object > 0) return "CPU " + std::to_string(object);
    return {};
}

namespace {
Json averages(const Schedule& s) {
    Json j;
    j["avg_waiting"] = s.avg_waiting;
    j["avg_turnaround"] = s.avg_turnaround;
    j["avg_response"] = s.avg_response;
    j["makespan"] = s.makespan;
    return j;
}
} // namespace

void SchedulerDemo::write_result(Json& j) const {
    const Schedule s = schedule();
    j["algorithm"] = algorithm_name(s.config.algorithm);
    j["quantum"] = s.config.quantum;
    j["cpus"] = s.config.cpus;
    j["boost"] = s.config.boost;
    j["jobs_text"] = format_jobs(s.jobs);
    Json jobs = Json::array();
    for (std::size_t i = 0; i < s.jobs.size(); ++i) {
        const JobStats& st = s.stats[i];
        jobs.push_back({{"name", s.jobs[i].name},
                        {"arrival", s.jobs[i].arrival},
                        {"burst", s.jobs[i].burst},
                        {"start", st.start},
                        {"finish", st.finish},
                        {"waiting", st.waiting},
                        {"turnaround", st.turnaround},
                        {"response", st.response}});
    }
    j["jobs"] = std::move(jobs);
    j.update(averages(s));
    Json gantt = Json::array();
    for (const Slice& sl : s.gantt)
        gantt.push_back({{"cpu", sl.cpu + 1}, {"job", s.jobs[static_cast<std::size_t>(sl.job)].name}, {"from", sl.from}, {"to", sl.to}});
    j["gantt"] = std::move(gantt);
    Json cmp;
    for (const Schedule& c : compare()) cmp[algorithm_name(c.config.algorithm)] = averages(c);
    j["compare"] = std::move(cmp);
}

std::string SchedulerDemo::summary() const {
    const Schedule s = schedule();
    std::ostringstream out;
    out << title() << " (" << algorithm_name(s.config.algorithm) << ", " << s.config.cpus << " CPU"
        << (s.config.cpus > 1 ? "s" : "") << ")\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-8s %7s %7s %6s %7s %10s %8s\n", "job", "arrival", "burst", "start", "finish",
                  "turnaround", "waiting");
    out << line;
    for (std::size_t i = 0; i < s.jobs.size(); ++i) {
        const JobStats& st = s.stats[i];
        std::snprintf(line, sizeof line, "  %-8s %7d %7d %6d %7d %10d %8d\n", s.jobs[i].name.c_str(), s.jobs[i].arrival,
                      s.jobs[i].burst, st.start, st.finish, st.turnaround, st.waiting);
        out << line;
    }
    std::snprintf(line, sizeof line, "  average waiting %.2f, turnaround %.2f, response %.2f\n", s.avg_waiting,
                  s.avg_turnaround, s.avg_response);
    out << line << "  Gantt:";
    for (const Slice& sl : s.gantt)
        out << " [CPU" << sl.cpu + 1 << ' ' << s.jobs[static_cast<std::size_t>(sl.job)].name << ' ' << sl.from << '-' << sl.to << ']';
    out << '\n';
    return out.str();
}

DataTable SchedulerDemo::data_table() const {
    const Schedule s = schedule();
    DataTable t{{"job", "arrival", "burst", "start", "finish", "waiting", "turnaround", "response"}, {}};
    for (std::size_t i = 0; i < s.jobs.size(); ++i) {
        const JobStats& st = s.stats[i];
        t.add({s.jobs[i].name, csv_number(s.jobs[i].arrival), csv_number(s.jobs[i].burst), csv_number(st.start),
               csv_number(st.finish), csv_number(st.waiting), csv_number(st.turnaround), csv_number(st.response)});
    }
    return t;
}

} // namespace tl
