// Experiment expectations (core/lessons/expectation.hpp, verify.hpp): parsing with the position of
// each mistake, evaluation against a given result (comparisons, aggregates, errors), the loader's
// checks at file:line:column, and the runs/at_least counting with a scripted runner.
#include <doctest/doctest.h>

#include "core/demo/demo.hpp"
#include "core/lessons/expectation.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/verify.hpp"
#include "lessons_fixture.hpp"

using namespace tl;
using test::good_lesson;
using test::replace_line;

namespace {

Expectation parse_ok(const std::string& text) {
    std::string err;
    int col = -1;
    auto e = parse_expectation(text, &err, &col);
    INFO(text << ": " << err << " at " << col);
    REQUIRE(e.has_value());
    return *e;
}

/// The message and 0-based column of a text that must not parse.
std::pair<std::string, int> parse_bad(const std::string& text) {
    std::string err;
    int col = -1;
    auto e = parse_expectation(text, &err, &col);
    INFO(text);
    REQUIRE_FALSE(e.has_value());
    return {err, col};
}

const Json kDonation = Json::parse(R"({
  "demo": "donation", "lock": false, "expected": 6000, "actual": 1400, "lost_updates": 48,
  "rounds": [ {"actual": 1100, "lost_updates": 49}, {"actual": 1400, "lost_updates": 48},
              {"actual": 1100, "lost_updates": 0} ],
  "tasks_per_worker": {"1": 3, "2": 4}, "detected_after_ms": null, "order": [1, 3, 2]
})");

bool holds(const std::string& text, const Json& j = kDonation) {
    const ExpectationResult r = parse_ok(text).evaluate(j);
    INFO(text << ": " << r.error);
    CHECK(r.error.empty());
    return r.ok;
}

std::string eval_error(const std::string& text, const Json& j = kDonation) {
    const ExpectationResult r = parse_ok(text).evaluate(j);
    CHECK_FALSE(r.ok);
    return r.error;
}

} // namespace

TEST_CASE("Lessons.Expect.ParsesComparisonsAggregatesAndArithmetic") {
    for (const char* ok : {"actual < expected", "lost_updates > 0", "deadlocked", "not deadlocked", "distinct_workers == 5",
                           "min(rounds.actual) == 1100", "count(rounds.lost_updates > 0) >= 2", "all(rounds.actual != 0)",
                           "wall_ms < 1.5 * 3 * (100 + 200)", "mode == \"pool\"", "mode != 'pool'", "x == -3",
                           "not sorted(results.task)", "detected_after_ms == null", "count_distinct(rounds.actual) >= 2"})
        parse_ok(ok);
    const Expectation e = parse_ok("min(rounds.actual) < expected - 100");
    const auto fields = e.fields();
    REQUIRE(fields.size() == 2);
    CHECK(fields[0].path == std::vector<std::string>{"rounds", "actual"});
    CHECK(fields[0].column == 4); // inside min(
    CHECK(fields[1].path == std::vector<std::string>{"expected"});
    CHECK(fields[1].column == 21);
}

TEST_CASE("Lessons.Expect.BadSyntaxSaysWhatAndWhere") {
    auto [m1, c1] = parse_bad("actual = 1100");
    CHECK(m1.find("unknown operator '='") != std::string::npos);
    CHECK(c1 == 7);
    auto [m2, c2] = parse_bad("actual =< 1100");
    CHECK(c2 == 7);
    auto [m3, c3] = parse_bad("median(rounds.actual) > 0");
    CHECK(m3.find("unknown function 'median'") != std::string::npos);
    CHECK(c3 == 0);
    auto [m4, c4] = parse_bad("min(rounds.actual > 0)");
    CHECK(m4.find("takes a field only") != std::string::npos);
    CHECK(c4 == 18);
    auto [m5, c5] = parse_bad("a < b < c");
    CHECK(m5.find("one comparison") != std::string::npos);
    CHECK(c5 == 6);
    auto [m6, c6] = parse_bad("lost_updates > 0 and actual < 6000");
    CHECK(m6.find("'and' is not supported") != std::string::npos);
    CHECK(c6 == 17);
    auto [m7, c7] = parse_bad("count(rounds");
    CHECK(m7.find("expected ')'") != std::string::npos);
    CHECK(c7 == 12);
    auto [m8, c8] = parse_bad("mode == \"pool");
    CHECK(m8.find("unterminated string") != std::string::npos);
    CHECK(c8 == 8);
    auto [m9, c9] = parse_bad("");
    CHECK(m9.find("expected a field") != std::string::npos);
    auto [m10, c10] = parse_bad("actual && lost");
    CHECK(m10.find("'&'") != std::string::npos);
    CHECK(c10 == 7);
    auto [m11, c11] = parse_bad("all(rounds.actual)");
    CHECK(m11.find("needs a condition") != std::string::npos);
    // Columns count characters, not bytes.
    auto [m12, c12] = parse_bad("mode == '池' ?");
    CHECK(c12 == 12);
}

TEST_CASE("Lessons.Expect.EvaluatesFieldsListsAndObjects") {
    CHECK(holds("actual < expected"));
    CHECK_FALSE(holds("actual >= expected"));
    CHECK(holds("not lock"));
    CHECK_FALSE(holds("lock"));
    CHECK(holds("demo == 'donation'"));
    CHECK(holds("expected - actual == 4600"));
    CHECK(holds("actual * 2 / 4 == 700"));
    CHECK(holds("min(rounds.actual) == 1100"));
    CHECK(holds("max(rounds.actual) == 1400"));
    CHECK(holds("sum(rounds.lost_updates) == 97"));
    CHECK(holds("count(rounds) == 3"));
    CHECK(holds("count_distinct(rounds.actual) == 2"));
    CHECK(holds("count(rounds.lost_updates > 0) == 2"));
    CHECK_FALSE(holds("all(rounds.lost_updates > 0)"));
    CHECK(holds("any(rounds.actual == 1400)"));
    CHECK(holds("all(tasks_per_worker >= 3)")); // an object: its values
    CHECK(holds("sum(tasks_per_worker) == 7"));
    CHECK(holds("count(tasks_per_worker) == 2"));
    CHECK(holds("detected_after_ms == null"));
    CHECK_FALSE(holds("sorted(order)"));
    CHECK(holds("sorted(rounds.lost_updates) == false"));
}

TEST_CASE("Lessons.Expect.ValuesReadAreReported") {
    const ExpectationResult r = parse_ok("min(rounds.actual) < expected").evaluate(kDonation);
    CHECK(r.ok);
    REQUIRE(r.values.size() == 2);
    CHECK(r.values[0].first == "min(rounds.actual)");
    CHECK(r.values[0].second == 1100);
    CHECK(r.values[1].first == "expected");
    CHECK(r.values[1].second == 6000);
}

TEST_CASE("Lessons.Expect.WhatCannotBeEvaluatedIsAFailureWithAReason") {
    CHECK(eval_error("rounds.actual > 0").find("is a list") != std::string::npos);
    CHECK(eval_error("actual").find("not true/false") != std::string::npos);
    CHECK(eval_error("detected_after_ms < 5").find("is null") != std::string::npos);
    CHECK(eval_error("nope > 0").find("no field 'nope'") != std::string::npos);
    CHECK(eval_error("rounds.nope == 1").find("no field 'rounds.nope'") != std::string::npos);
    CHECK(eval_error("actual.x == 1").find("has no field 'x'") != std::string::npos);
    CHECK(eval_error("min(actual) > 0").find("not a list") != std::string::npos);
    CHECK(eval_error("demo > 3").find("needs numbers") != std::string::npos);
    CHECK(eval_error("lock == 3").find("true/false but") != std::string::npos);
    CHECK(eval_error("actual / 0 > 1").find("division by zero") != std::string::npos);
    CHECK(eval_error("min(tasks_per_worker) > min(rounds.none)").find("no field") != std::string::npos);
}

TEST_CASE("Lessons.Expect.FieldsAreCheckedAgainstTheDemosResult") {
    CHECK(check_field({"actual"}, kDonation).empty());
    CHECK(check_field({"rounds", "actual"}, kDonation).empty());
    // Keys made by the run (worker ids) are not known before it.
    CHECK(check_field({"tasks_per_worker", "anything"}, Json::parse(R"({"tasks_per_worker": {}})")).empty());
    const std::string unknown = check_field({"actaul"}, kDonation);
    CHECK(unknown.find("unknown field 'actaul'") != std::string::npos);
    CHECK(unknown.find("lost_updates") != std::string::npos); // lists the known ones
    CHECK(check_field({"rounds", "balance"}, kDonation).find("unknown field 'rounds.balance'") != std::string::npos);
    CHECK(check_field({"actual", "x"}, kDonation).find("has no field 'x'") != std::string::npos);
    CHECK(check_field({"order", "x"}, kDonation).find("a list of values") != std::string::npos);
    // Empty lists: their elements' fields are known only after a run.
    CHECK(check_field({"results", "task"}, Json::parse(R"({"results": []})")).empty());
}

TEST_CASE("Lessons.Loader.ExpectationsLoadAndBadOnesAreReportedAtTheirPosition") {
    const std::string base = good_lesson();
    const Lesson good = parse_lesson(replace_line(base, 16, "preset = { lock = true }\nexpect = [\"actual == expected\", "
                                                            "\"lost_updates == 0\"]\nruns = 3\nat_least = 2\nverify = { think-ms = 1 }"),
                                     "f.toml");
    for (const auto& e : good.errors) INFO(e.text());
    REQUIRE_FALSE(good.broken());
    const ExperimentCheck& c = good.experiments[0].check;
    CHECK(c.expect.size() == 2);
    CHECK(c.runs == 3);
    CHECK(c.at_least == 2);
    REQUIRE(c.overrides.size() == 1);
    CHECK(c.overrides[0] == std::pair<std::string, std::string>{"think-ms", "1"});
    CHECK(good.experiments[1].check.expect.empty());

    struct Case {
        const char* line;
        int row, column;
        const char* says;
    };
    for (const Case& k : {
             Case{"expect = [\"actaul < expected\"]", 17, 12, "unknown field 'actaul'"},
             Case{"expect = [\"actual = 1\"]", 17, 19, "unknown operator '='"},
             Case{"expect = [\"min(actual.balance) > 0\"]", 17, 16, "'actual' is a number; it has no field 'balance'"},
             Case{"expect = [\"lost_updates > 0\", \"median(rounds) > 0\"]", 17, 32, "unknown function 'median'"},
             Case{"expect = [\"lost_updates > 0\"]\nruns = 0", 18, 8, "'runs' must be a whole number from 1 to 1000"},
             Case{"expect = [\"lost_updates > 0\"]\nruns = 3\nat_least = 4", 19, 12, "'at_least' must be a whole number from 1 to 3"},
             Case{"expect = [3]", 17, 11, "each expectation is a string"},
             Case{"expect = []", 17, 10, "must be a list of expectations"},
             Case{"runs = 2", 17, 8, "'runs' needs 'expect'"},
             Case{"verify = { colour = 1 }\nexpect = [\"lock\"]", 17, 12, "unknown parameter 'colour'"},
             Case{"expect = [\"lost_updates > 0\"]\nschedule = \"step\"", 17, 10, "cannot be verified"},
         }) {
        const std::string text = replace_line(base, 16, std::string("preset = { lock = true }\n") + k.line);
        const Lesson l = parse_lesson(text, "f.toml");
        INFO(std::string(k.line));
        REQUIRE(l.broken());
        const LessonError& e = l.errors.front();
        INFO(k.line << " -> " << e.text());
        CHECK(e.line == k.row);
        CHECK(e.column == k.column);
        CHECK(e.message.find(k.says) != std::string::npos);
    }
    // The fields of a list's elements are known only after a run (rounds is empty before one):
    // verify reports a wrong one ("the result has no field 'rounds.balance'").
    CHECK_FALSE(parse_lesson(replace_line(base, 16, "preset = { lock = true }\nexpect = [\"min(rounds.balance) > 0\"]"), "f.toml").broken());
    // A seeded run is the same every time: more runs are an error.
    const Lesson seeded = parse_lesson(replace_line(base, 16, "preset = { lock = true }\nschedule = { seed = 3 }\n"
                                                              "expect = [\"lost_updates == 0\"]\nruns = 2"),
                                       "f.toml");
    REQUIRE(seeded.broken());
    CHECK(seeded.errors.front().message.find("'runs' must be 1") != std::string::npos);
}

namespace {

/// A lesson on the donation demo with one experiment and these expectations.
Lesson lesson_with(const std::string& expect, int runs, int at_least) {
    const std::string text = replace_line(good_lesson(), 16, "preset = { lock = true }\nexpect = [" + expect + "]\nruns = " +
                                                                 std::to_string(runs) + "\nat_least = " + std::to_string(at_least));
    Lesson l = parse_lesson(text, "f.toml");
    for (const auto& e : l.errors) INFO(e.text());
    REQUIRE_FALSE(l.broken());
    return l;
}

/// A runner that returns the scripted actual values in turn (never starts the demo's threads).
struct Scripted {
    std::vector<int> actuals;
    std::size_t next = 0;
    std::vector<std::string> locks_seen;
    DemoRun operator()(Demo& demo, Nanos) {
        locks_seen.push_back(demo.params().text("lock"));
        DemoRun r;
        r.result = {{"demo", "donation"}, {"actual", actuals.at(next++)}, {"expected", 6000}};
        return r;
    }
};

} // namespace

TEST_CASE("Lessons.Verify.CountsTheRunsThatMeetEveryExpectation") {
    const Lesson l = lesson_with("\"actual == expected\"", 5, 3);
    Scripted s{{6000, 1100, 6000, 6000, 1200}};
    const ExperimentVerdict v = verify_experiment(l, 0, std::ref(s), 60'000'000'000);
    CHECK(v.status == ExperimentVerdict::Status::Ok);
    CHECK(v.done == 5);
    CHECK(v.passed == 3);
    CHECK(s.locks_seen == std::vector<std::string>(5, "on")); // the experiment's preset is applied
    REQUIRE(v.values.size() == 2);
    CHECK(v.values[0] == std::pair<std::string, std::string>{"actual", "1100..6000"});
    CHECK(v.values[1] == std::pair<std::string, std::string>{"expected", "6000"});
    const std::string line = format_verdict(v);
    CHECK(line.rfind("ok", 0) == 0);
    CHECK(line.find("#1") != std::string::npos);
    CHECK(line.find("3/5 runs, need 3 of 5") != std::string::npos);
}

TEST_CASE("Lessons.Verify.FailsWhenTooFewRunsMeetItAndStopsOnceDecided") {
    const Lesson l = lesson_with("\"actual == expected\"", 5, 4);
    Scripted s{{6000, 1100, 1200, 6000, 6000}};
    const ExperimentVerdict v = verify_experiment(l, 0, std::ref(s), 60'000'000'000);
    CHECK(v.status == ExperimentVerdict::Status::Failed);
    CHECK(v.done == 3); // two failures of five: four can no longer be reached
    CHECK(v.passed == 1);
    CHECK(v.problem == "run 2: 'actual == expected' is false");
    const std::string line = format_verdict(v);
    CHECK(line.rfind("FAILED", 0) == 0);
    CHECK(line.find("actual=1100..6000") != std::string::npos);
    CHECK(line.find("run 2: 'actual == expected' is false") != std::string::npos);
}

TEST_CASE("Lessons.Verify.ARunProblemFailsThatRun") {
    const Lesson l = lesson_with("\"actual == expected\"", 1, 1);
    auto timed_out = [](Demo&, Nanos) {
        DemoRun r;
        r.result = {{"actual", 6000}, {"expected", 6000}};
        r.problem = "timed out after 1.0 s";
        return r;
    };
    const ExperimentVerdict v = verify_experiment(l, 0, timed_out, 60'000'000'000);
    CHECK(v.status == ExperimentVerdict::Status::Failed);
    CHECK(v.problem == "timed out after 1.0 s");
}

TEST_CASE("Lessons.Verify.ThoughtExperimentsAndExperimentsWithoutExpectationsAreNotRun") {
    const Lesson l = parse_lesson(good_lesson(), "f.toml");
    REQUIRE_FALSE(l.broken());
    int calls = 0;
    auto count = [&](Demo&, Nanos) {
        ++calls;
        return DemoRun{};
    };
    CHECK(verify_experiment(l, 0, count, 1'000'000'000).status == ExperimentVerdict::Status::NoExpectations);
    CHECK(verify_experiment(l, 1, count, 1'000'000'000).status == ExperimentVerdict::Status::NothingToRun);
    CHECK(calls == 0);
}
