// `threadlab lessons check [DIR]`: validates a folder of lesson files. Exit 0 when clean; 1 with
// every error on stdout, one per line as file:line:column: message (a summary goes to stderr).
#pragma once
#include <string>

namespace CLI {
class App;
}

namespace tl {

struct LessonsCommand {
    CLI::App* lessons = nullptr;
    CLI::App* check = nullptr;
    std::string dir; ///< "" = the lessons folder the window would open
};

/// Adds `lessons` (with its `check [DIR]` subcommand) to the application.
void add_lessons_command(CLI::App& app, LessonsCommand& cmd);

/// Validates `dir` ("" = find_lessons_dir()), prints the result, returns the exit status.
int run_lessons_check(const std::string& dir);

} // namespace tl
