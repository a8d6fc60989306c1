// A student's progress: lessons visited, experiments tried, questions answered (and whether
// right), challenges solved (by id: reordering them keeps the marks), kept in $XDG_CONFIG_HOME/threadlab/progress.toml. Experiments and questions are
// numbered from 0 in file order. A file that cannot be understood is renamed aside
// (progress.toml.corrupt-<time>) with a warning, and progress starts afresh: never a crash.
//
//   std::string warning;
//   Progress p = load_progress(default_progress_path(), &warning);
//   p.answer("donation-race", 0, 1, true);
//   save_progress(p, default_progress_path(), nullptr);
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/lessons/lesson.hpp"

namespace tl {

struct Answer {
    int choice = -1;
    bool correct = false;
};

struct LessonProgress {
    bool visited = false;
    std::set<int> tried;          ///< experiment indices
    std::map<int, Answer> answers; ///< question index -> the latest answer
    std::set<std::string> solved;  ///< challenge ids
};

enum class LessonStatus { New, Visited, Done };

struct Progress {
    std::map<std::string, LessonProgress> lessons; ///< by lesson id
    /// The file could not be read: it is not saved over (its data may still be there).
    bool read_only = false;

    void visit(const std::string& id) { lessons[id].visited = true; }
    void try_experiment(const std::string& id, int experiment) { lessons[id].tried.insert(experiment); }
    void answer(const std::string& id, int question, int choice, bool correct) {
        lessons[id].answers[question] = {choice, correct};
    }
    void solve(const std::string& id, const std::string& challenge) { lessons[id].solved.insert(challenge); }
    bool visited(const std::string& id) const;
    bool solved(const std::string& id, const std::string& challenge) const;
    bool tried(const std::string& id, int experiment) const;
    /// nullptr when the question has not been answered.
    const Answer* answer_of(const std::string& id, int question) const;
    /// Done: visited, every experiment tried and every question answered right.
    LessonStatus status(const Lesson& lesson) const;
    bool operator==(const Progress&) const;
};

/// $XDG_CONFIG_HOME/threadlab/progress.toml (~/.config/threadlab when XDG_CONFIG_HOME is unset).
std::string default_progress_path();

/// Reads `path`; a missing file is empty progress. A corrupt file is renamed aside to
/// <path>.corrupt-<YYYYmmdd-HHMMSS> and `warning` says so (file:line:column and the new name).
Progress load_progress(const std::string& path, std::string* warning);
/// The parse alone, for text already read: nullopt and `problem` (source:line:column: what) if
/// the text is not a progress file.
std::optional<Progress> parse_progress_text(std::string_view text, const std::string& source, std::string* problem);
/// Writes atomically (a temporary file, then rename); false (and `error`) when it cannot.
bool save_progress(const Progress& p, const std::string& path, std::string* error);

} // namespace tl
