#include "core/lessons/verify.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/demo/registry.hpp"

namespace tl {

namespace {

/// A number as the JSON output would show it, shortened: 1100, 0.85, 1234.6.
std::string short_number(double x) {
    char buf[64];
    if (x == std::floor(x) && std::fabs(x) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", x);
    else std::snprintf(buf, sizeof buf, std::fabs(x) >= 100 ? "%.1f" : "%.3g", x);
    return buf;
}

std::string show(const Json& v) {
    if (v.is_number()) return short_number(v.get<double>());
    if (v.is_string()) return v.get<std::string>();
    std::string s = v.dump();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

/// The values a field took over the runs: one value, a numeric range, or the distinct values.
struct Seen {
    double lo = 0, hi = 0;
    int numbers = 0;
    std::vector<std::string> others; ///< distinct values that are not numbers (true, null, "pool")

    void add(const Json& v) {
        if (v.is_number()) {
            const double x = v.get<double>();
            lo = numbers == 0 ? x : std::min(lo, x);
            hi = numbers == 0 ? x : std::max(hi, x);
            ++numbers;
        } else if (const std::string s = show(v); std::find(others.begin(), others.end(), s) == others.end()) {
            others.push_back(s);
        }
    }
    std::string text() const {
        std::string out;
        if (numbers > 0) out = lo == hi ? short_number(lo) : short_number(lo) + ".." + short_number(hi);
        for (const std::string& d : others) out += (out.empty() ? "" : "|") + d;
        return out;
    }
};

void apply_schedule(Demo& demo, const ExperimentSchedule& s) {
    using Kind = ExperimentSchedule::Kind;
    switch (s.kind) {
    case Kind::Live:
    case Kind::Step: demo.set_schedule({}); break;
    case Kind::Seeded: demo.set_schedule({.mode = ScheduleMode::Seeded, .seed = s.seed}); break;
    // The whole run must be the saved schedule: nobody steps on at the end.
    case Kind::Replay: demo.set_schedule({.mode = ScheduleMode::Replay, .schedule = s.steps, .then_step = false}); break;
    }
}

} // namespace

ExperimentVerdict verify_experiment(const Lesson& lesson, std::size_t index, const RunDemoFn& run, Nanos limit,
                                    const std::atomic<bool>* cancel) {
    ExperimentVerdict v;
    v.lesson_id = lesson.id;
    v.number = index + 1;
    const Experiment& e = lesson.experiments.at(index);
    const ExperimentCheck& c = e.check;
    if (lesson.demo.empty() || e.preset.empty()) {
        v.status = ExperimentVerdict::Status::NothingToRun;
        if (c.expect.empty()) return v;
    }
    if (c.expect.empty()) {
        v.status = ExperimentVerdict::Status::NoExpectations;
        return v;
    }
    v.runs = c.runs;
    v.at_least = c.at_least;
    const Nanos t0 = now_ns();
    // A fresh demo for every run, as `threadlab run` makes one: nothing carries over between runs.
    auto set_up = [&](std::string* problem) -> std::unique_ptr<Demo> {
        auto demo = make_demo(lesson.demo);
        std::string err;
        if (!demo || !apply_lesson_preset(*demo, lesson, &err) || !apply_preset(*demo, e.preset, &err) ||
            !apply_preset(*demo, c.overrides, &err)) {
            *problem = demo ? "cannot set the parameters: " + err : "unknown demo '" + lesson.demo + "'";
            return nullptr;
        }
        apply_schedule(*demo, e.schedule);
        return demo;
    };

    std::vector<std::string> order;
    std::map<std::string, Seen> seen;
    for (int r = 0; r < c.runs; ++r) {
        if (cancel && cancel->load()) {
            v.status = ExperimentVerdict::Status::Interrupted;
            break;
        }
        const Nanos left = limit - (now_ns() - t0);
        if (left <= 0) {
            if (v.problem.empty()) v.problem = "out of time after " + std::to_string(r) + " runs";
            break;
        }
        auto demo = set_up(&v.problem);
        if (!demo) {
            v.status = ExperimentVerdict::Status::Failed;
            return v;
        }
        DemoRun out = run(*demo, left);
        ++v.done;
        if (out.interrupted) {
            v.status = ExperimentVerdict::Status::Interrupted;
            break;
        }
        const std::string run_tag = c.runs > 1 ? "run " + std::to_string(r + 1) + ": " : "";
        bool all = out.problem.empty();
        if (!all && v.problem.empty()) v.problem = run_tag + out.problem;
        if (out.problem.empty()) {
            for (const Expectation& x : c.expect) {
                ExpectationResult er = x.evaluate(out.result);
                for (auto& [text, value] : er.values) {
                    if (!seen.count(text)) order.push_back(text);
                    seen[text].add(value);
                }
                if (er.ok) continue;
                all = false;
                if (v.problem.empty())
                    v.problem = run_tag + "'" + x.source + "' " + (er.error.empty() ? "is false" : "failed: " + er.error);
            }
        }
        v.passed += all ? 1 : 0;
        // Decided: too many failures already for at_least to be reached.
        if (v.done - v.passed > c.runs - c.at_least) break;
    }
    for (const std::string& t : order) v.values.emplace_back(t, seen[t].text());
    if (v.status != ExperimentVerdict::Status::Interrupted)
        v.status = v.passed >= c.at_least ? ExperimentVerdict::Status::Ok : ExperimentVerdict::Status::Failed;
    v.seconds = static_cast<double>(now_ns() - t0) / 1e9;
    return v;
}

std::string format_verdict(const ExperimentVerdict& v) {
    using S = ExperimentVerdict::Status;
    const char* head = v.status == S::Ok ? "ok     " : v.status == S::Failed ? "FAILED " : v.status == S::Interrupted ? "STOPPED" : "--     ";
    std::string line = std::string(head) + " " + v.lesson_id + " #" + std::to_string(v.number);
    if (v.status == S::NothingToRun) return line + "  nothing to run (a thought experiment)";
    if (v.status == S::NoExpectations) return line + "  no expectations";
    line += " ";
    for (const auto& [field, value] : v.values) line += " " + field + "=" + value;
    char tail[96];
    std::snprintf(tail, sizeof tail, " (%d/%d runs%s, %.1f s)", v.passed, v.done,
                  v.at_least < v.runs || v.done < v.runs
                      ? (", need " + std::to_string(v.at_least) + " of " + std::to_string(v.runs)).c_str()
                      : "",
                  v.seconds);
    line += tail;
    if (v.status != S::Ok && !v.problem.empty()) line += "\n        " + v.problem;
    return line;
}

} // namespace tl
