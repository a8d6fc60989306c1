// The lesson column: the lesson list (progress marks; broken files in red with their errors) and
// the open lesson's page: its text, "Try this" experiments with an Apply button, check questions
// (the chosen answer's explanation, right or wrong), glossary terms. Owns the loaded lessons
// (reloaded when a file changes, polled once a second) and the student's progress.
//
//   LessonPanel panel("lessons", default_progress_path());
//   LessonAction a = panel.draw(size);     // inside an ImGui window
//   if (a.select >= 0) ...open lesson a.select...;  if (a.apply >= 0) ...apply experiment a.apply...
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/progress.hpp"

namespace tl::ui {

/// What the user asked for this frame; the lab carries it out (it owns the demos).
struct LessonAction {
    int select = -1; ///< open this lesson (index into lessons())
    int apply = -1;  ///< apply this experiment of the current lesson
};

class LessonPanel {
public:
    /// `dir` "" = find_lessons_dir() (an error entry names the places looked in when none exists).
    /// `progress_path` "" = progress kept in memory only (screenshots, tests).
    LessonPanel(std::string dir, std::string progress_path);

    const std::vector<Lesson>& lessons() const { return lessons_; }
    std::size_t current() const { return current_; }
    const Lesson* current_lesson() const { return current_ < lessons_.size() ? &lessons_[current_] : nullptr; }
    const std::string& dir() const { return dir_; }
    /// A problem with the progress file (set aside, cannot save); "" when none.
    const std::string& warning() const { return warning_; }
    const Progress& progress() const { return progress_; }

    /// Makes lesson i current.
    void open(std::size_t i);
    /// Marks the current lesson visited (saved once): the lab calls it each frame it shows it.
    void visit_current();
    /// Marks experiment i of the current lesson tried (saved).
    void mark_tried(std::size_t experiment);
    /// Records an answer to question q of the current lesson (saved).
    void answer(std::size_t question, std::size_t choice);

    /// Reads the folder again, keeping the current lesson (by id) when it still exists.
    void reload();
    /// Checks the folder's files at most once a second (`now` in seconds); reloads when one
    /// changed and returns true then.
    bool poll(double now);
    /// Every lesson's Chinese text (titles, bodies, experiments...), for the font's glyph set.
    std::string chinese_text() const;

    /// Draws the list over the page of the current lesson, in `size`.
    LessonAction draw(ImVec2 size);

private:
    void save();
    void draw_list(LessonAction& action, float height);
    void draw_page(LessonAction& action);
    void draw_errors(const Lesson& l);
    void draw_experiments(const Lesson& l, LessonAction& action);
    void draw_questions(const Lesson& l);
    void draw_glossary(const Lesson& l);

    std::string dir_;
    std::string progress_path_;
    std::vector<Lesson> lessons_;
    std::size_t current_ = 0;
    Progress progress_;
    std::string warning_;
    std::string signature_;
    double next_poll_ = 0;
};

} // namespace tl::ui
