// The command line's seeded runs, exact replays and explorer: what a teacher types.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "run_threadlab.hpp"

using tl::test::run_threadlab;

namespace {
std::string field(const std::string& json, const std::string& key) {
    const std::string k = "\"" + key + "\":";
    const auto p = json.find(k);
    if (p == std::string::npos) return {};
    auto e = p + k.size();
    if (json[e] == '"') return json.substr(e + 1, json.find('"', e + 1) - e - 1);
    return json.substr(e, json.find_first_of(",}", e) - e);
}
} // namespace

TEST_CASE("Cli.Schedule.ReplayOfTheLosingInterleaving") {
    const auto r = run_threadlab("run donation --donors 2 --schedule '1 2 1 1 2 2 1 1 2 2 1' --json");
    REQUIRE(r.status == 0);
    CHECK(field(r.out, "actual") == "1100");
    CHECK(field(r.out, "lost_updates") == "1");
    CHECK(field(r.out, "schedule") == "1 2 1 1 2 2 1 1 2 2 1");
    CHECK(field(r.out, "schedule_mode") == "replay");
    CHECK(field(r.out, "scheduler") == "finished");
}

TEST_CASE("Cli.Schedule.SeededRunReplaysToTheSameResult") {
    const auto a = run_threadlab("run donation --donors 5 --seed 42 --json");
    REQUIRE(a.status == 0);
    const std::string schedule = field(a.out, "schedule");
    REQUIRE(!schedule.empty());
    const auto b = run_threadlab("run donation --donors 5 --seed 42 --json");
    CHECK(field(b.out, "schedule") == schedule);
    // Saved to a file and replayed with @FILE.
    const std::string path = "threadlab-cli-schedule-" + std::to_string(::getpid()) + ".txt";
    std::ofstream(path) << "# donors 5, seed 42\n" << schedule << "\n";
    const auto c = run_threadlab("run donation --donors 5 --schedule @" + path + " --json");
    std::remove(path.c_str());
    REQUIRE(c.status == 0);
    CHECK(field(c.out, "actual") == field(a.out, "actual"));
    CHECK(field(c.out, "lost_updates") == field(a.out, "lost_updates"));
    CHECK(field(c.out, "schedule") == schedule);
}

TEST_CASE("Cli.Schedule.BadInputIsAClearErrorNeverAHang") {
    struct Case {
        const char* args;
        const char* says;
    };
    for (const Case& c : {Case{"run donation --donors 2 --schedule '1 2 9'", "no thread 9"},
                          Case{"run donation --donors 2 --schedule '1 1 1 1 1 1 1 1 1 1 1 1'", "cannot move"},
                          Case{"run donation --donors 2 --schedule '1 2'", "the schedule has ended"},
                          Case{"run donation --donors 2 --schedule '1 x'", "not a thread number"},
                          Case{"run donation --donors 2 --schedule ''", "no steps"},
                          Case{"run donation --donors 2 --schedule @/nonexistent/file", "cannot read"},
                          Case{"run donation --seed abc", "seed"},
                          Case{"run donation --seed -1", "whole number"},
                          Case{"run donation --seed 99999999999999999999999", "whole number"},
                          Case{"run donation --seed 1 --schedule '1'", "excludes"},
                          Case{"run pool --seed 1", "seed"},
                          Case{"explore pool", "cannot be explored"},
                          Case{"explore nosuchdemo", "unknown demo"},
                          Case{"explore donation --max-schedules 0", "max-schedules"}}) {
        CAPTURE(c.args);
        const auto r = run_threadlab(c.args);
        CHECK(r.status == 2);
        CHECK(r.err.find(c.says) != std::string::npos);
    }
}

TEST_CASE("Cli.Explore.DonationOutcomes") {
    const auto r = run_threadlab("explore donation --donors 2 --json");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"complete\":true") != std::string::npos);
    CHECK(r.out.find("{\"result\":1100,") != std::string::npos);
    CHECK(r.out.find("{\"result\":1200,") != std::string::npos);
    CHECK(r.out.find("\"kind\":\"lost_update\"") != std::string::npos);
    const auto locked = run_threadlab("explore donation --donors 2 --lock on");
    REQUIRE(locked.status == 0);
    CHECK(locked.out.find("complete") != std::string::npos);
    CHECK(locked.out.find("1100") == std::string::npos);
    CHECK(locked.out.find("Failures: none") != std::string::npos);
}

TEST_CASE("Cli.Explore.PhilosophersDeadlockAndTheFix") {
    const auto naive = run_threadlab("explore philosophers --philosophers 3 --meals 1 --json");
    REQUIRE(naive.status == 0);
    CHECK(naive.out.find("\"kind\":\"deadlock\"") != std::string::npos);
    const auto ordered = run_threadlab("explore philosophers --philosophers 3 --meals 1 --strategy ordered --json");
    REQUIRE(ordered.status == 0);
    CHECK(ordered.out.find("\"complete\":true") != std::string::npos);
    CHECK(ordered.out.find("\"failures\":[]") != std::string::npos);
}

TEST_CASE("Cli.Explore.BudgetSaysIncomplete") {
    const auto r = run_threadlab("explore donation --donors 10 --max-schedules 20 --json");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("\"complete\":false") != std::string::npos);
    CHECK(r.out.find("\"stopped_by\":\"schedules\"") != std::string::npos);
}

TEST_CASE("Cli.Explore.HelpListsTheBudget") {
    const auto r = run_threadlab("explore donation --help");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("--max-schedules") != std::string::npos);
    CHECK(r.out.find("--preemptions") != std::string::npos);
    CHECK(r.out.find("--donors") != std::string::npos);
}

TEST_CASE("Cli.Window.UnknownDemoIsAnErrorBeforeAnyWindow") {
    // No xvfb-run: the check comes before the window would open.
    const auto r = run_threadlab("--demo nosuchdemo --screenshot never.png");
    CHECK(r.status == 2);
    CHECK(r.err.find("unknown demo 'nosuchdemo'") != std::string::npos);
    CHECK(r.err.find("philosophers") != std::string::npos);
}
