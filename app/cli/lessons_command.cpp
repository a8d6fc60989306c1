#include "app/cli/lessons_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "app/cli/run_command.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/verify.hpp"

namespace tl {

void add_lessons_command(CLI::App& app, LessonsCommand& cmd) {
    cmd.lessons = app.add_subcommand("lessons", "Work with lesson files (docs/lessons.md)");
    cmd.lessons->require_subcommand(1);
    cmd.check = cmd.lessons->add_subcommand("check", "Validate every lesson file in a folder: exit 0 when clean, 1 with "
                                                     "the errors listed as file:line:column: message");
    cmd.check->add_option("DIR", cmd.dir, "Lessons folder (default: the one the lab opens; see --lessons)");
    cmd.verify = cmd.lessons->add_subcommand(
        "verify", "Run every lesson experiment headless and check its expectations: one line per experiment, exit 0 "
                  "when all hold, 1 when any fails");
    cmd.verify->add_option("DIR", cmd.verify_dir, "Lessons folder (default: the one the lab opens; see --lessons)");
    cmd.verify->add_option("--lesson", cmd.only, "Only this lesson: its id or file name, e.g. donation-race or "
                                                 "040-donation-race (repeatable)");
    cmd.verify->add_option("--time-limit", cmd.time_limit_s, "Seconds each experiment may take, all its runs "
                                                             "together [default 60]")
        ->check(CLI::Range(0.1, 3600.0))
        ->type_name("SECONDS");
}

int run_lessons_check(const std::string& dir_arg) {
    const std::string dir = dir_arg.empty() ? find_lessons_dir() : dir_arg;
    if (dir.empty()) {
        std::printf("%s\n", missing_folder_entry(lesson_dir_candidates()).errors.front().text().c_str());
        return 1;
    }
    const LessonSet set = load_lessons(dir);
    const auto errors = set.errors();
    for (const LessonError& e : errors) std::printf("%s\n", e.text().c_str());
    if (errors.empty()) {
        std::printf("%zu lessons in %s: no errors\n", set.good_count(), dir.c_str());
        return 0;
    }
    std::size_t files = 0;
    for (const Lesson& l : set.lessons) files += l.broken() ? 1 : 0;
    // The folder is named: without DIR it is whichever find_lessons_dir() chose.
    std::fprintf(stderr, "threadlab: %zu error%s in %zu file%s of %s (%zu lessons load cleanly)\n", errors.size(),
                 errors.size() == 1 ? "" : "s", files, files == 1 ? "" : "s", dir.c_str(), set.good_count());
    return 1;
}

namespace {

std::string file_stem(const Lesson& l) { return std::filesystem::path(l.source).stem().string(); }

} // namespace

int run_lessons_verify(const std::string& dir_arg, const std::vector<std::string>& only, double time_limit_s) {
    const std::string dir = dir_arg.empty() ? find_lessons_dir() : dir_arg;
    std::error_code ec;
    if (dir.empty() || !std::filesystem::is_directory(dir, ec)) {
        std::fprintf(stderr, "threadlab: %s\n",
                     dir.empty() ? missing_folder_entry(lesson_dir_candidates()).errors.front().text().c_str()
                                 : ("no lessons folder '" + dir + "'").c_str());
        return 2;
    }
    const LessonSet set = load_lessons(dir);
    for (const std::string& want : only) {
        const bool found = std::any_of(set.lessons.begin(), set.lessons.end(), [&](const Lesson& l) {
            return l.id == want || file_stem(l) == want;
        });
        if (!found) {
            std::string known;
            for (const Lesson& l : set.lessons)
                if (!l.broken()) known += (known.empty() ? "" : ", ") + l.id;
            std::fprintf(stderr, "threadlab: no lesson '%s' in %s (known: %s)\n", want.c_str(), dir.c_str(), known.c_str());
            return 2;
        }
    }
    const Nanos limit = static_cast<Nanos>(time_limit_s * 1e9);
    const Nanos t0 = now_ns();
    int ok = 0, failed = 0, skipped = 0;
    bool interrupted = false;
    InterruptGuard guard;
    for (const Lesson& l : set.lessons) {
        if (!only.empty() && std::find(only.begin(), only.end(), l.id) == only.end() &&
            std::find(only.begin(), only.end(), file_stem(l)) == only.end())
            continue;
        if (l.broken()) { // a broken file cannot be verified: `lessons check` says why
            for (const LessonError& e : l.errors) std::printf("FAILED  %s\n", e.text().c_str());
            ++failed;
            continue;
        }
        if (l.experiments.empty() || l.demo.empty()) {
            std::printf("--      %s  no experiments%s\n", file_stem(l).c_str(),
                        l.experiments.empty() ? "" : " to run (the lesson has no demo)");
            continue;
        }
        for (std::size_t i = 0; i < l.experiments.size() && !interrupted; ++i) {
            ExperimentVerdict v = verify_experiment(l, i, [](Demo& d, Nanos t) { return run_demo_headless(d, t); }, limit, &InterruptGuard::flag());
            v.lesson_id = file_stem(l);
            std::printf("%s\n", format_verdict(v).c_str());
            std::fflush(stdout);
            using S = ExperimentVerdict::Status;
            if (v.status == S::Ok) ++ok;
            else if (v.status == S::Failed) ++failed;
            else if (v.status == S::Interrupted) interrupted = true;
            else ++skipped;
        }
        if (interrupted) break;
    }
    const double seconds = static_cast<double>(now_ns() - t0) / 1e9;
    std::printf("%d ok, %d failed, %d without expectations; %.1f s in all%s\n", ok, failed, skipped, seconds,
                interrupted ? " (interrupted)" : "");
    if (interrupted) return 130;
    return failed > 0 ? 1 : 0;
}

} // namespace tl
