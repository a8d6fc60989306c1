// `threadlab lessons check [DIR]`: validates a folder of lesson files. Exit 0 when clean; 1 with
// every error on stdout, one per line as file:line:column: message (a summary goes to stderr).
// `threadlab lessons verify [DIR] [--lesson ID]...`: runs every experiment's demo headless and
// checks its expectations (docs/lessons.md): one line per experiment, a summary with the total
// time; exit 0 when all hold, 1 when any fails, 2 for a bad argument, 130 on Ctrl-C.
#pragma once
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tl {

struct LessonsCommand {
    CLI::App* lessons = nullptr;
    CLI::App* check = nullptr;
    CLI::App* verify = nullptr;
    std::string dir; ///< "" = the lessons folder the window would open
    std::string verify_dir;
    std::vector<std::string> only;  ///< verify --lesson: ids or file names (040-donation-race)
    double time_limit_s = 60;       ///< verify: per experiment, all its runs together
};

/// Adds `lessons` (with its `check [DIR]` and `verify [DIR]` subcommands) to the application.
void add_lessons_command(CLI::App& app, LessonsCommand& cmd);

/// Validates `dir` ("" = find_lessons_dir()), prints the result, returns the exit status.
int run_lessons_check(const std::string& dir);

/// Verifies the experiments of `dir` ("" = find_lessons_dir()), of the lessons in `only` (all
/// when empty); prints a line per experiment and a summary; returns the exit status.
int run_lessons_verify(const std::string& dir, const std::vector<std::string>& only, double time_limit_s);

} // namespace tl
