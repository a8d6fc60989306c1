// `threadlab run DEMO --trace FILE.json --csv FILE`: the files written after the run, a path
// that cannot be written refused before the run starts.
#include <doctest/doctest.h>

#include <cstdio>
#include <unistd.h>

#include "core/util/json.hpp"
#include "run_threadlab.hpp"
#include "tests/support/trace_check.hpp"

using namespace tl;
using namespace tl::test;

TEST_CASE("Cli.Run.TraceAndCsvFiles") {
    const std::string base = "threadlab-cli-export-" + std::to_string(getpid());
    const std::string trace = base + ".json", csv = base + ".csv", metrics = base + ".metrics.csv";
    const RunResult r = run_threadlab("run donation --donors 3 --think-ms 1 --rounds 2 --seed 5 --json --trace " + trace +
                                      " --csv " + csv);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Json result = Json::parse(r.out); // --json still prints the result alone on stdout
    CHECK(result["demo"] == "donation");

    const Json j = Json::parse(slurp(trace));
    CHECK(trace_problem(j) == "");
    CHECK(viewer_nesting_problem(j) == "");
    const auto names = thread_names(j);
    REQUIRE(names.size() == 3);
    CHECK(names.at(1) == "Donor 1");
    CHECK(names.at(3) == "Donor 3");
    CHECK(j["otherData"]["demo"] == "donation");

    const std::string rows = slurp(csv);
    CHECK(rows.rfind("round,expected,actual,lost_updates,lost_money,lock\r\n", 0) == 0);
    std::size_t lines = 0;
    for (char c : rows) lines += c == '\n';
    CHECK(lines == 3); // the header and two rounds
    CHECK(slurp(metrics).find("\r\nrounds,Rounds finished,2\r\n") != std::string::npos);
    for (const std::string& p : {trace, csv, metrics}) std::remove(p.c_str());
}

TEST_CASE("Cli.Run.UnwritableExportIsRefusedBeforeTheRun") {
    RunResult r = run_threadlab("run donation --donors 2 --trace /nonexistent-dir/t.json");
    CHECK(r.status == 2);
    CHECK(r.err.find("--trace: cannot write '/nonexistent-dir/t.json': No such file or directory") != std::string::npos);
    CHECK(r.out.empty()); // no run: nothing printed
    r = run_threadlab("run donation --donors 2 --csv same.out --trace same.out");
    CHECK(r.status == 2);
    CHECK(r.err.find("--trace and --csv name the same file") != std::string::npos);
    r = run_threadlab("run donation --donors 2 --csv same.csv --trace same.metrics.csv"); // where the metrics go
    CHECK(r.status == 2);
    CHECK(r.err.find("--trace and --csv name the same file") != std::string::npos);
}

TEST_CASE("Cli.Run.TraceOfAQueueRun") {
    const std::string trace = "threadlab-cli-export-queue-" + std::to_string(getpid()) + ".json";
    const RunResult r = run_threadlab("run queue --items 20 --trace " + trace);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Json j = Json::parse(slurp(trace));
    CHECK(trace_problem(j) == "");
    CHECK(viewer_nesting_problem(j) == "");
    bool depth = false;
    for (const Json& e : j["traceEvents"]) depth = depth || (e["ph"] == "C" && e["name"] == "queue depth");
    CHECK(depth);
    std::remove(trace.c_str());
}
