#include "app/cli/lessons_command.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "core/lessons/lesson_loader.hpp"

namespace tl {

void add_lessons_command(CLI::App& app, LessonsCommand& cmd) {
    cmd.lessons = app.add_subcommand("lessons", "Work with lesson files (docs/lessons.md)");
    cmd.lessons->require_subcommand(1);
    cmd.check = cmd.lessons->add_subcommand("check", "Validate every lesson file in a folder: exit 0 when clean, 1 with "
                                                     "the errors listed as file:line:column: message");
    cmd.check->add_option("DIR", cmd.dir, "Lessons folder (default: the one the lab opens; see --lessons)");
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

} // namespace tl
