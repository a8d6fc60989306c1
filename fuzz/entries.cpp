#include "fuzz/entries.hpp"

#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/param_change.hpp"
#include "app/ui/settings.hpp"
#include "core/demo/registry.hpp"
#include "core/demo/run_file.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/progress.hpp"
#include "core/demos/scheduler_jobs.hpp"
#include "core/demos/scheduler_sim.hpp"
#include "core/sched/schedule_text.hpp"

namespace tl::fuzz {

// A broken promise is a bug the fuzzer should report: abort, and it saves the input.
static void expect(bool ok) {
    if (!ok) std::abort();
}

void lesson(std::string_view bytes) {
    const Lesson l = parse_lesson(bytes, "fuzz.toml");
    for (const LessonError& e : l.errors) expect(e.line >= 0 && e.column >= 0);
}

void progress(std::string_view bytes) {
    std::string problem;
    const auto p = parse_progress_text(bytes, "progress.toml", &problem);
    expect(p.has_value() != !problem.empty());
}

void settings(std::string_view bytes) {
    std::istringstream in{std::string(bytes)};
    std::string warning;
    const ui::Settings s = ui::parse_settings(in, "settings.ini", &warning);
    expect(s.scale >= ui::Settings::kMinScale && s.scale <= ui::Settings::kMaxScale);
    // What it echoes back is capped, whatever the line's length.
    expect(warning.size() < 400);
}

void param_change(std::string_view bytes) {
    if (bytes.empty()) return;
    const bool timed = (bytes[0] & 1) != 0;
    bytes.remove_prefix(1);
    ParamChange c;
    if (parse_change(bytes, timed, c)) {
        expect(!c.key.empty() && !c.value.empty() && c.ms >= 0 && c.ms <= 9'999'999);
        expect(c.key[0] >= 'a' && c.key[0] <= 'z');
    }
    // The rest as the value of every parameter of every demo: a value that parses is in range.
    static const auto demos = [] {
        std::vector<std::unique_ptr<Demo>> out;
        for (const DemoEntry& e : demo_registry()) out.push_back(e.make());
        return out;
    }();
    for (const auto& d : demos)
        for (const ParamSpec& spec : d->params().specs()) {
            std::int64_t v = 0;
            std::string error;
            if (d->params().parse(spec.key, bytes, &v, &error)) expect(d->params().check(spec.key, v));
            else expect(!error.empty());
        }
}

void schedule(std::string_view bytes) {
    std::string error;
    const auto steps = parse_schedule(bytes, &error);
    if (!steps) {
        expect(!error.empty());
        return;
    }
    for (int t : *steps) expect(t >= 0 && t < 4096); // thread indices from 0 (threads 1..4096 as written)
    // What is printed reads back the same.
    const auto again = parse_schedule(format_schedule(*steps), &error);
    expect(again && *again == *steps);
}

void run_file(std::string_view bytes) {
    const Json j = Json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("demo") || !j["demo"].is_string()) return;
    auto demo = make_demo(j["demo"].get<std::string>());
    if (!demo) return;
    std::string error;
    if (!run_from_json(*demo, j, "fuzz.json", &error)) {
        // Refused: said why, and the demo is left as a fresh one.
        expect(!error.empty() && demo->recorded() == nullptr && demo->timeline().empty());
        return;
    }
    expect(demo->recorded() != nullptr && !demo->running());
    // What was opened saves and opens again to the same file.
    const Json again = run_to_json(*demo, "fuzz");
    auto other = make_demo(demo->id());
    expect(run_from_json(*other, again, "fuzz.json", &error));
    expect(run_to_json(*other, "fuzz") == again);
}


void jobs(std::string_view bytes) {
    using namespace sched_sim;
    std::vector<Job> list;
    std::string error;
    if (!parse_jobs(bytes, list, &error)) {
        expect(!error.empty() && error.size() < 300);
        return;
    }
    expect(!list.empty() && list.size() <= static_cast<std::size_t>(kMaxJobs));
    for (const Job& j : list) {
        expect(j.arrival >= 0 && j.arrival <= kMaxArrival && j.burst >= 1 && j.burst <= kMaxBurst);
        expect(j.io.size() <= static_cast<std::size_t>(kMaxIoPerJob));
    }
    // What is printed reads back the same; every algorithm finishes every job, giving each
    // exactly its CPU time.
    std::vector<Job> again;
    expect(parse_jobs(format_jobs(list), again) && again == list);
    const auto first = static_cast<unsigned char>(bytes[0]);
    for (Algorithm a : kAllAlgorithms) {
        const Schedule s = simulate(list, {.algorithm = a, .quantum = 1 + first % 5, .cpus = 1 + first % 4, .boost = first % 30});
        std::vector<int> cpu(list.size(), 0);
        for (const Slice& sl : s.gantt) cpu[static_cast<std::size_t>(sl.job)] += sl.to - sl.from;
        for (std::size_t i = 0; i < list.size(); ++i) {
            expect(cpu[i] == list[i].burst);
            expect(s.stats[i].finish >= list[i].arrival + list[i].burst && s.stats[i].waiting >= 0);
        }
    }
}

Entry entry(std::string_view name) {
    if (name == "jobs") return jobs;
    if (name == "run_file") return run_file;
    if (name == "lesson") return lesson;
    if (name == "progress") return progress;
    if (name == "settings") return settings;
    if (name == "param_change") return param_change;
    if (name == "schedule") return schedule;
    return nullptr;
}

} // namespace tl::fuzz
