// The scheduler demo's simulation, checked against results worked out by hand (the textbook
// four jobs A:0:8, B:1:4, C:2:9, D:3:5 under every algorithm), its tie rules and the job parser.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/demos/scheduler_jobs.hpp"
#include "core/demos/scheduler_sim.hpp"

using namespace tl::sched_sim;

namespace {

std::vector<Job> jobs_of(const char* text) {
    std::vector<Job> jobs;
    std::string err;
    REQUIRE_MESSAGE(parse_jobs(text, jobs, &err), err);
    return jobs;
}

Schedule run(const char* text, Algorithm a, int quantum = 2, int cpus = 1, int boost = 20) {
    return simulate(jobs_of(text), {.algorithm = a, .quantum = quantum, .cpus = cpus, .boost = boost});
}

/// The Gantt chart as text: "A0-8 B8-12" (with the CPU, "1:A0-8", when there are several).
std::string gantt(const Schedule& s) {
    std::string out;
    for (const Slice& sl : s.gantt) {
        if (!out.empty()) out += ' ';
        if (s.config.cpus > 1) out += std::to_string(sl.cpu + 1) + ':';
        out += s.jobs[static_cast<std::size_t>(sl.job)].name + std::to_string(sl.from) + '-' + std::to_string(sl.to);
    }
    return out;
}

std::vector<int> column(const Schedule& s, int JobStats::*field) {
    std::vector<int> v;
    for (const JobStats& st : s.stats) v.push_back(st.*field);
    return v;
}

constexpr const char* kTextbook = "A:0:8,B:1:4,C:2:9,D:3:5";

} // namespace

TEST_CASE("SchedSim.Textbook.Fcfs") {
    const Schedule s = run(kTextbook, Algorithm::Fcfs);
    CHECK(gantt(s) == "A0-8 B8-12 C12-21 D21-26");
    CHECK(column(s, &JobStats::waiting) == std::vector<int>{0, 7, 10, 18});
    CHECK(column(s, &JobStats::turnaround) == std::vector<int>{8, 11, 19, 23});
    CHECK(s.avg_waiting == doctest::Approx(8.75));
    CHECK(s.avg_turnaround == doctest::Approx(15.25));
    CHECK(s.avg_response == doctest::Approx(8.75));
    CHECK(s.makespan == 26);
}

TEST_CASE("SchedSim.Textbook.Sjf") {
    const Schedule s = run(kTextbook, Algorithm::Sjf);
    CHECK(gantt(s) == "A0-8 B8-12 D12-17 C17-26");
    CHECK(column(s, &JobStats::waiting) == std::vector<int>{0, 7, 15, 9});
    CHECK(s.avg_waiting == doctest::Approx(7.75));
    CHECK(s.avg_turnaround == doctest::Approx(14.25));
}

TEST_CASE("SchedSim.Textbook.Srtf") {
    const Schedule s = run(kTextbook, Algorithm::Srtf);
    CHECK(gantt(s) == "A0-1 B1-5 D5-10 A10-17 C17-26");
    CHECK(column(s, &JobStats::waiting) == std::vector<int>{9, 0, 15, 2});
    CHECK(column(s, &JobStats::response) == std::vector<int>{0, 0, 15, 2});
    CHECK(s.avg_waiting == doctest::Approx(6.5));
    CHECK(s.avg_turnaround == doctest::Approx(13.0));
    CHECK(s.avg_response == doctest::Approx(4.25));
}

TEST_CASE("SchedSim.Textbook.RoundRobinQuantum2") {
    const Schedule s = run(kTextbook, Algorithm::Rr, 2);
    CHECK(gantt(s) == "A0-2 B2-4 C4-6 A6-8 D8-10 B10-12 C12-14 A14-16 D16-18 C18-20 A20-22 D22-23 C23-25 C25-26");
    CHECK(column(s, &JobStats::finish) == std::vector<int>{22, 12, 26, 23});
    CHECK(column(s, &JobStats::response) == std::vector<int>{0, 1, 2, 5});
    CHECK(s.avg_waiting == doctest::Approx(12.75));
    CHECK(s.avg_turnaround == doctest::Approx(19.25));
    CHECK(s.avg_response == doctest::Approx(2.0));
}

TEST_CASE("SchedSim.Textbook.MlfqQuantum2Boost20") {
    // Slices 2 / 4 / 8. Everyone uses a full top slice and drops a level; at t=20 the boost
    // lifts A and C back to the top while D finishes its burst.
    const Schedule s = run(kTextbook, Algorithm::Mlfq, 2, 1, 20);
    CHECK(gantt(s) == "A0-2 B2-4 C4-6 D6-8 A8-12 B12-14 C14-18 D18-21 A21-23 C23-25 C25-26");
    CHECK(column(s, &JobStats::finish) == std::vector<int>{23, 14, 26, 21});
    CHECK(s.avg_waiting == doctest::Approx(13.0));
    CHECK(s.avg_turnaround == doctest::Approx(19.5));
    CHECK(s.avg_response == doctest::Approx(1.5));
}

TEST_CASE("SchedSim.Textbook.SjfBeatsFcfsOnWaiting") {
    // The lesson's three jobs at time 0: FCFS waits 0, 8, 12; SJF runs C, B, A and waits 0, 1, 5.
    const Schedule f = run("A:0:8,B:0:4,C:0:1", Algorithm::Fcfs);
    const Schedule j = run("A:0:8,B:0:4,C:0:1", Algorithm::Sjf);
    CHECK(column(f, &JobStats::waiting) == std::vector<int>{0, 8, 12});
    CHECK(gantt(j) == "C0-1 B1-5 A5-13");
    CHECK(j.avg_waiting == doctest::Approx(2.0));
    CHECK(run("A:0:8,B:0:4,C:0:1", Algorithm::Rr, 2).stats[2].finish == 5);
}

TEST_CASE("SchedSim.Ties.SameArrivalGoesInListOrder") {
    CHECK(gantt(run("A:0:3,B:0:3,C:0:3", Algorithm::Fcfs)) == "A0-3 B3-6 C6-9");
    CHECK(gantt(run("C:0:3,B:0:3,A:0:3", Algorithm::Fcfs)) == "C0-3 B3-6 A6-9");
    // SJF with equal bursts: the earlier arrival, then list order.
    CHECK(gantt(run("X:0:5,B:1:2,A:1:2", Algorithm::Sjf)) == "X0-5 B5-7 A7-9");
}

TEST_CASE("SchedSim.Ties.AnArrivalQueuesBeforeThePreemptedJob") {
    // B arrives at t=1 exactly as A's slice ends: B is queued first and runs next.
    CHECK(gantt(run("A:0:2,B:1:2", Algorithm::Rr, 1)) == "A0-1 B1-2 A2-3 B3-4");
}

TEST_CASE("SchedSim.Ties.SrtfEqualRemainingDoesNotPreempt") {
    // At t=2 B arrives with 2 units, as much as A has left: A keeps the CPU.
    CHECK(gantt(run("A:0:4,B:2:2", Algorithm::Srtf)) == "A0-4 B4-6");
}

TEST_CASE("SchedSim.Cpus.TwoCpusTakeJobsCpu1First") {
    const Schedule s = run(kTextbook, Algorithm::Fcfs, 2, 2);
    CHECK(gantt(s) == "1:A0-8 2:B1-5 2:C5-14 1:D8-13");
    CHECK(s.makespan == 14);
    CHECK(column(s, &JobStats::waiting) == std::vector<int>{0, 0, 3, 5});
}

TEST_CASE("SchedSim.Io.ABlockedJobLeavesTheCpuToAnother") {
    const Schedule s = run("A:0:4:io=2@1,B:0:3", Algorithm::Fcfs);
    CHECK(gantt(s) == "A0-1 B1-4 A4-7");
    CHECK(s.state_at(0, 1) == JobState::Blocked);
    CHECK(s.state_at(0, 2) == JobState::Blocked);
    CHECK(s.state_at(0, 3) == JobState::Ready);
    CHECK(s.state_at(1, 0) == JobState::Ready);
    CHECK(column(s, &JobStats::waiting) == std::vector<int>{1, 1});
    CHECK(column(s, &JobStats::finish) == std::vector<int>{7, 4});
}

TEST_CASE("SchedSim.Mlfq.AJobThatBlocksStaysOnTop") {
    // I blocks after each unit of CPU, before its slice of 2 ends: it stays at level 0 and gets
    // the CPU as soon as it is back; the batch job sinks.
    const Schedule s = run("Batch:0:10,I:0:3:io=2@1:io=2@2", Algorithm::Mlfq, 2, 1, 0);
    for (const Segment& seg : s.lanes[1])
        if (seg.state == JobState::Running) CHECK(seg.level == 0);
    CHECK(s.stats[1].finish < 10);
}

TEST_CASE("SchedSim.Deterministic.SameJobsSameChart") {
    for (Algorithm a : kAllAlgorithms) {
        const Schedule x = run("P:0:7:io=3@2,Q:2:5,R:2:1,S:9:6:io=1@3:io=4@4", a, 3, 2, 10);
        const Schedule y = run("P:0:7:io=3@2,Q:2:5,R:2:1,S:9:6:io=1@3:io=4@4", a, 3, 2, 10);
        CHECK(gantt(x) == gantt(y));
        // Every unit of CPU time is in the chart exactly once.
        int cpu_time = 0;
        for (const Slice& sl : x.gantt) cpu_time += sl.to - sl.from;
        CHECK(cpu_time == 7 + 5 + 1 + 6);
    }
}

TEST_CASE("SchedSim.Parser.ReadsAndWritesBack") {
    std::vector<Job> jobs;
    REQUIRE(parse_jobs(" A:0:8 , Bee_2:1:4:io=3@2:io=1@3 ", jobs));
    REQUIRE(jobs.size() == 2);
    CHECK(jobs[1].name == "Bee_2");
    CHECK(jobs[1].io == std::vector<IoBurst>{{2, 3}, {3, 1}});
    CHECK(format_jobs(jobs) == "A:0:8,Bee_2:1:4:io=3@2:io=1@3");
}

TEST_CASE("SchedSim.Parser.NamesTheBadEntry") {
    std::vector<Job> jobs;
    std::string err;
    auto bad = [&](const char* text) {
        err.clear();
        CHECK_FALSE(parse_jobs(text, jobs, &err));
        return err;
    };
    CHECK(bad("A:0:8,B:x:4") == "entry 2 'B:x:4': the arrival 'x' is not a whole number 0-999");
    CHECK(bad("A:0:0").starts_with("entry 1 'A:0:0': the burst"));
    CHECK(bad("A:0:8,A:1:2").find("used twice") != std::string::npos);
    CHECK(bad("A:0:8:io=3@8").starts_with("entry 1"));
    CHECK(bad("A:0:8:io=3@4:io=1@2").find("increasing") != std::string::npos);
    CHECK(bad("1A:0:8").find("name") != std::string::npos);
    CHECK(bad("A:-1:8").find("arrival") != std::string::npos);
    CHECK(bad("A:0:8,,B:1:2").starts_with("entry 2"));
    CHECK(bad("").starts_with("no jobs"));
    CHECK(bad("A:0:1,B:0:1,C:0:1,D:0:1,E:0:1,F:0:1,G:0:1,H:0:1,I:0:1,J:0:1,K:0:1") == "at most 10 jobs");
    // A long field is echoed as an excerpt, like the entry (the jobs fuzzer found a 303-byte
    // message: fuzz/regressions/jobs/).
    const std::string field(500, 'x');
    for (const std::string& text : {"A:" + field + ":4", "A:0:" + field, "A:0:8:" + field, "A:0:8:io=" + field + "@2",
                                   "A:0:8:io=3@" + field}) {
        CAPTURE(text.substr(0, 12));
        CHECK(bad(text.c_str()).size() < 200);
        CHECK(err.find(std::string(41, 'x')) == std::string::npos);
    }
}
