// The trace export: a file viewers open (fields per phase, spans nested per thread), lanes and
// spans named in English, counts equal to the timeline's; and the CSV data export.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "tests/support/files.hpp"
#include "core/demo/run_export.hpp"
#include "core/demos/donation.hpp"
#include "core/demos/philosophers.hpp"
#include "core/trace/chrome_trace.hpp"
#include "core/trace/lost_update.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"
#include "tests/support/trace_check.hpp"

using namespace tl;
using namespace tl::test;

namespace {

Event state_at(Nanos t, std::uint16_t lane, ThreadState s, std::uint32_t obj = 0) { return state_event(t, lane, s, obj); }

Json parse_trace(const Timeline& tl, const ChromeTraceOptions& opt) {
    std::ostringstream out;
    REQUIRE(write_chrome_trace(out, tl, opt));
    return Json::parse(out.str()); // throws (fails the test) on anything that is not JSON
}

std::vector<const Json*> events_of(const Json& j, const std::string& ph) {
    std::vector<const Json*> out;
    for (const Json& e : j["traceEvents"])
        if (e["ph"] == ph) out.push_back(&e);
    return out;
}

std::string temp_path(const std::string& name) { return "threadlab-trace-test-" + std::to_string(getpid()) + "-" + name; }

} // namespace

TEST_CASE("ChromeTrace.HandBuiltTimelineExactly") {
    // Lane 0 "P1": running 1000 ns after the origin... ; lane 1 with a name that needs escaping.
    Timeline tl;
    tl.set_lane_name(0, LaneName("P{1}", 1));
    tl.set_lane_name(1, LaneName(std::string("Donor \"7\"\\x")));
    tl.add(state_at(10'000, 0, ThreadState::Running));
    tl.add(state_at(11'500, 0, ThreadState::WaitLock, 3));
    tl.add(state_at(14'000, 0, ThreadState::HoldLock, 3));
    tl.add(state_at(20'000, 0, ThreadState::Idle));
    tl.add(state_at(12'000, 1, ThreadState::Sleeping));
    tl.add(Event{13'001, pack_lost_update_value(0, 1100), pack_lost_update_object(100), 1, EventKind::Mark,
                 static_cast<std::uint8_t>(MarkKind::LostUpdate)}); // erased P1's 1100
    tl.add(state_at(15'000, 1, ThreadState::Idle));

    ChromeTraceOptions opt;
    opt.process_name = "Test run";
    opt.styles = StateStyles({{ThreadState::Sleeping, "thinking", StateTone::Sleeping}});
    opt.object_name = [](ThreadState s, std::uint32_t o) {
        return s == ThreadState::WaitLock || s == ThreadState::HoldLock ? "fork " + std::to_string(o) : std::string();
    };
    opt.counters = {{"balance", {"expected", "actual"}, {{12'000, {1100, 1000}}, {16'000, {1200, 1100.5}}}}};
    opt.other_data = {{"demo", "test"}};
    const Json j = parse_trace(tl, opt);

    CHECK(trace_problem(j) == "");
    CHECK(j["displayTimeUnit"] == "ms");
    CHECK(j["otherData"]["demo"] == "test");
    const auto names = thread_names(j);
    REQUIRE(names.size() == 2);
    CHECK(names.at(1) == "P1");
    CHECK(names.at(2) == "Donor \"7\"\\x");

    const auto xs = events_of(j, "X");
    REQUIRE(xs.size() == 4);
    // Microseconds since the first event (10 us), exact to the nanosecond.
    CHECK((*xs[0])["name"] == "running");
    CHECK((*xs[0])["ts"].get<double>() == 0.0);
    CHECK((*xs[0])["dur"].get<double>() == doctest::Approx(1.5));
    CHECK((*xs[1])["name"] == "waiting for lock: fork 3");
    CHECK((*xs[1])["args"]["object"] == 3);
    CHECK((*xs[1])["args"]["object_name"] == "fork 3");
    CHECK((*xs[2])["name"] == "holding lock: fork 3");
    CHECK(trace_ns((*xs[2])["ts"]) == 4'000);
    CHECK(trace_ns((*xs[2])["dur"]) == 6'000);
    CHECK((*xs[3])["name"] == "thinking");
    CHECK((*xs[3])["tid"] == 2);

    const auto is = events_of(j, "i");
    REQUIRE(is.size() == 1);
    CHECK((*is[0])["name"] == "lost update");
    CHECK((*is[0])["s"] == "t");
    CHECK(trace_ns((*is[0])["ts"]) == 3'001);
    CHECK((*is[0])["args"]["overwrote"] == "P1");
    CHECK((*is[0])["args"]["overwritten_value"] == 1100);
    CHECK((*is[0])["args"]["lost"] == 100);

    // The demo's counter, then the lost updates counted: 0 at the origin, 1 at the marker.
    const auto cs = events_of(j, "C");
    REQUIRE(cs.size() == 4);
    CHECK((*cs[1])["args"]["actual"].get<double>() == 1100.5);
    CHECK((*cs[2])["name"] == "lost updates");
    CHECK((*cs[3])["args"]["count"] == 1);
    CHECK(trace_ns((*cs[3])["ts"]) == 3'001);
}

TEST_CASE("ChromeTrace.CheckersCatchBrokenTraces") {
    // The checks the run tests rely on must fail on what a broken exporter would write.
    CHECK(nesting_problem({{1, {{0, 10}, {5, 15}}}}) != "");
    CHECK(nesting_problem({{1, {{0, 10}, {2, 4}, {10, 12}}}}) == "");
    // What a viewer adds up: 9115.808 + 50259.023 is 59374.831000000006, past the next span's 59374.831.
    CHECK(nesting_problem({{1, {{9115.808, 9115.808 + 50259.023}, {59374.831, 59400.0}}}}) != "");
    CHECK(trace_problem(Json::parse(R"({"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0}]})")) != "");
    CHECK(trace_problem(Json::parse(R"({"traceEvents":[{"ph":"M","name":"thread_name","pid":1,"tid":1,"ts":0,"args":{}}]})")) != "");
    CHECK(trace_problem(Json::parse(R"({"traceEvents":[{"ph":"C","name":"c","pid":1,"tid":0,"ts":0,"args":{"v":"1"}}]})")) != "");
    CHECK(trace_problem(Json::parse(R"({"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1}]})")) == "");
}

TEST_CASE("ChromeTrace.SpansStayApartInALaneRebasedAsSpeedscopeDoes") {
    // Seen in speedscope 1.25 on a donation run: it subtracts the lane's first start (68255.116)
    // from every ts, and (184432.853 - 68255.116) + 10047.411 lands one ulp past
    // 194480.264 - 68255.116, so "running" nested inside "thinking". The plain sum is fine.
    Timeline tl;
    tl.add(state_at(0, 0, ThreadState::Running)); // the run's origin, on another lane
    tl.add(state_at(1'000, 0, ThreadState::Idle));
    tl.add(state_at(68'255'116, 1, ThreadState::Running));
    tl.add(state_at(184'432'853, 1, ThreadState::Sleeping));
    tl.add(state_at(194'480'264, 1, ThreadState::Running));
    tl.add(state_at(200'000'000, 1, ThreadState::Idle));
    const ChromeTraceOptions opt;
    const Json j = parse_trace(tl, opt);
    CHECK(trace_problem(j) == "");
    CHECK(nesting_problem(trace_spans(j)) == "");
    CHECK(nesting_problem(trace_spans_rebased(j)) == "");
    // The checker does catch the unshortened duration.
    const double first = 68255.116, ts = 184432.853 - first;
    CHECK(nesting_problem({{2, {{ts, ts + 10047.411}, {194480.264 - first, 200000.0 - first}}}}) != "");
    // Shortened by at most a few nanoseconds.
    for (const Json& e : j["traceEvents"])
        if (e["ph"] == "X" && e["tid"] == 2 && trace_ns(e["ts"]) == 184'432'853) {
            CHECK(trace_ns(e["dur"]) < 10'047'411);
            CHECK(trace_ns(e["dur"]) >= 10'047'408);
        }
}

TEST_CASE("ChromeTrace.DonationRunMatchesTheTimeline") {
    // Lock off with the start barrier: every donor reads before anyone writes, so updates are
    // lost for certain; a seeded scheduler makes the run the same every time.
    DonationDemo d;
    REQUIRE(d.set_param_text("donors", "4"));
    REQUIRE(d.set_param_text("lock", "off"));
    REQUIRE(d.set_param_text("barrier", "on"));
    REQUIRE(d.set_param_text("rounds", "2"));
    d.set_schedule({.mode = ScheduleMode::Seeded, .seed = 7});
    run_to_end(d);
    const Timeline& tl = d.timeline();
    REQUIRE(tl.span_count() > 0);

    std::ostringstream out;
    REQUIRE(write_trace(d, out));
    const Json j = Json::parse(out.str());
    CHECK(trace_problem(j) == "");
    const auto spans = trace_spans(j);
    CHECK(viewer_nesting_problem(j) == "");
    const auto names = thread_names(j);
    std::size_t markers = 0;
    for (std::size_t i = 0; i < tl.lanes().size(); ++i) {
        CAPTURE(i);
        const long long tid = static_cast<long long>(i) + 1;
        const std::size_t exported = spans.count(tid) ? spans.at(tid).size() : 0;
        CHECK(exported == tl.lanes()[i].spans.size());
        REQUIRE(names.count(tid) == 1);
        CHECK(names.at(tid) == tl.lanes()[i].name.english());
        markers += tl.lanes()[i].markers.size();
    }
    CHECK(names.at(1) == "Donor 1");
    REQUIRE(markers > 0);
    CHECK(events_of(j, "i").size() == markers);
    // The counters: the balance as sampled, and the lost updates counted up to the last one.
    const auto cs = events_of(j, "C");
    double last_lost = -1;
    bool balance = false;
    for (const Json* c : cs) {
        if ((*c)["name"] == "lost updates") last_lost = std::max(last_lost, (*c)["args"]["count"].get<double>());
        if ((*c)["name"] == "balance") balance = true;
    }
    CHECK(last_lost == static_cast<double>(markers));
    CHECK(balance);
    CHECK(j["otherData"]["demo"] == "donation");
    CHECK(j["otherData"]["schedule_mode"] == "seeded");
}

TEST_CASE("ChromeTrace.PhilosophersSpansNameTheirForks") {
    PhilosophersDemo d;
    REQUIRE(d.set_param_text("philosophers", "3"));
    REQUIRE(d.set_param_text("strategy", "ordered"));
    REQUIRE(d.set_param_text("meals", "2"));
    d.set_schedule({.mode = ScheduleMode::Seeded, .seed = 3});
    run_to_end(d);
    std::ostringstream out;
    REQUIRE(write_trace(d, out));
    const Json j = Json::parse(out.str());
    CHECK(trace_problem(j) == "");
    CHECK(viewer_nesting_problem(j) == "");
    bool holds_fork = false;
    for (const Json* x : events_of(j, "X"))
        if ((*x)["name"].get<std::string>().rfind("holding lock: fork ", 0) == 0) holds_fork = true;
    CHECK(holds_fork);
    CHECK(thread_names(j).at(1) == "P1");
}

// The bound only says it finishes: 300,000 spans took 86 s under ThreadSanitizer at load 250.
TEST_CASE("ChromeTrace.ManySpansStream") {
    // 300,000 spans on 3 lanes: every one exported, still one valid document.
    Timeline tl;
    for (std::uint16_t lane = 0; lane < 3; ++lane) {
        tl.set_lane_name(lane, LaneName("Worker {1}", lane + 1));
        for (int i = 0; i < 100'000; ++i)
            tl.add(state_at(Nanos{i} * 1000 + lane, lane, i % 2 ? ThreadState::Running : ThreadState::Sleeping));
        tl.add(state_at(Nanos{100'000} * 1000, lane, ThreadState::Idle));
    }
    ChromeTraceOptions opt;
    const Json j = parse_trace(tl, opt);
    CHECK(trace_problem(j) == "");
    const auto spans = trace_spans(j);
    CHECK(spans.at(1).size() == 100'000);
    CHECK(spans.at(3).size() == 100'000);
    CHECK(viewer_nesting_problem(j) == "");
}

TEST_CASE("ChromeTrace.UnwritableFileIsNamed") {
    DonationDemo d;
    std::string err;
    CHECK_FALSE(export_trace(d, "/nonexistent-dir/run.json", &err));
    CHECK(err.find("/nonexistent-dir/run.json") != std::string::npos);
    CHECK(err.find("No such file") != std::string::npos);
    CHECK_FALSE(export_trace(d, "", &err));
    CHECK(err == "no file name given");
}

TEST_CASE("CsvExport.FieldsQuotedPerRfc4180") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field(" padded") == "\" padded\"");
    CHECK(csv_number(3.0) == "3");
    CHECK(csv_number(2.5) == "2.5");
    std::ostringstream out;
    REQUIRE(write_csv(out, DataTable{{"key", "label"}, {{"a", "x, y"}, {"b", ""}}}));
    CHECK(out.str() == "key,label\r\na,\"x, y\"\r\nb,\r\n");
    CHECK(metrics_path_for("run.csv") == "run.metrics.csv");
    CHECK(metrics_path_for("out/run") == "out/run.metrics.csv");
    CHECK(metrics_path_for("./dir.v2/run") == "./dir.v2/run.metrics.csv");
}

TEST_CASE("CsvExport.DonationRoundsAndMetrics") {
    DonationDemo d;
    REQUIRE(d.set_param_text("donors", "3"));
    REQUIRE(d.set_param_text("lock", "on"));
    REQUIRE(d.set_param_text("rounds", "3"));
    d.set_schedule({.mode = ScheduleMode::Seeded, .seed = 1});
    run_to_end(d);
    const std::string path = temp_path("rounds.csv");
    std::string err;
    REQUIRE_MESSAGE(export_data(d, path, &err), err);
    const std::string rows = slurp(path), metrics = slurp(metrics_path_for(path));
    std::remove(path.c_str());
    std::remove(metrics_path_for(path).c_str());
    // The lock on: every round exact (1000 + 3 x 100).
    CHECK(rows == "round,expected,actual,lost_updates,lost_money,lock\r\n"
                  "1,1300,1300,0,0,on\r\n2,1300,1300,0,0,on\r\n3,1300,1300,0,0,on\r\n");
    CHECK(metrics.rfind("key,label,value\r\n", 0) == 0);
    CHECK(metrics.find("\r\nlost_updates,Lost updates,0\r\n") != std::string::npos);
    CHECK(metrics.find("\r\nrounds,Rounds finished,3\r\n") != std::string::npos);
}

TEST_CASE("CsvExport.ContinuousRunHasARowPerSample") {
    DonationDemo d;
    REQUIRE(d.set_param_text("mode", "continuous"));
    REQUIRE(d.set_param_text("donors", "3"));
    REQUIRE(d.set_param_text("think-ms", "1"));
    d.start();
    REQUIRE(poll_until(d, [&] { return d.samples().size() >= 5; }, tl::test::kHappensWithin));
    d.stop();
    const DataTable t = d.data_table();
    CHECK(t.columns.front() == "t_ms");
    CHECK(t.rows.size() == d.samples().size());
    for (const auto& r : t.rows) CHECK(r.size() == t.columns.size());
}

TEST_CASE("ChromeTrace.OneDeadlockCountsOnce") {
    // A deadlock marks each member lane at the instant it was found: one deadlock, two markers.
    Timeline tl;
    tl.add(state_at(0, 0, ThreadState::WaitLock, 2));
    tl.add(state_at(0, 1, ThreadState::WaitLock, 1));
    tl.lanes()[0].markers.push_back({500, 0, 2, MarkKind::Deadlock});
    tl.lanes()[1].markers.push_back({500, 0, 1, MarkKind::Deadlock});
    ChromeTraceOptions opt;
    opt.object_name = [](ThreadState, std::uint32_t o) { return "fork " + std::to_string(o); };
    const Json j = parse_trace(tl, opt);
    CHECK(trace_problem(j) == "");
    CHECK(events_of(j, "i").size() == 2);
    CHECK((*events_of(j, "i")[0])["args"]["lock"] == "fork 2");
    double deadlocks = -1;
    for (const Json* c : events_of(j, "C"))
        if ((*c)["name"] == "deadlocks") deadlocks = std::max(deadlocks, (*c)["args"]["count"].get<double>());
    CHECK(deadlocks == 1);
}
