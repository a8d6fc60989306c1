// The lesson column: the lesson list (progress marks; broken files in red with their errors) and
// the open lesson's page: its text, "Try this" experiments with an Apply button, challenges
// (Try it in step mode, hints one at a time, "Ask the explorer" for the impossible ones), check
// questions (the chosen answer's explanation, right or wrong), glossary terms. Owns the loaded
// lessons (reloaded when a file changes, polled once a second) and the student's progress.
//
//   LessonPanel panel("lessons", default_progress_path());
//   LessonAction a = panel.draw(size);     // inside an ImGui window
//   if (a.select >= 0) ...open lesson a.select...;  if (a.apply >= 0) ...apply experiment a.apply...
//   if (a.try_challenge >= 0) ...set it up in step mode..., panel.start_challenge(a.try_challenge);
//   panel.observe(demo);                   // each frame: a stepped run that met the goal solves it
#pragma once
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/challenge_prover.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/progress.hpp"

namespace tl::ui {

/// What the user asked for this frame; the lab carries it out (it owns the demos).
struct LessonAction {
    int select = -1; ///< open this lesson (index into lessons())
    int apply = -1;  ///< apply this experiment of the current lesson
    int try_challenge = -1; ///< set up this challenge of the current lesson and step it
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

    /// Challenge i of the current lesson is being played: observe() judges its runs.
    void start_challenge(std::size_t i);
    /// The challenge being played (index into the current lesson's), or -1.
    int active_challenge() const { return active_; }
    /// Judges the demo's stepped run against the active challenge; marks it solved (saved) when
    /// the goal is met. Call once per frame after the demo's poll().
    void observe(const Demo& demo);
    /// "Ask the explorer" for challenge i of the current lesson (an explore_none goal): a
    /// background search on a fresh demo; solved when it proves the goal unreachable. False for
    /// another goal or while a search runs.
    bool ask_explorer(std::size_t i, ExploreLimits limits = {});
    /// Waits for the explorer and takes its result (tests).
    void wait_for_explorer();
    /// Hints shown so far for challenge i of the current lesson.
    int hints_shown(std::size_t i) const;
    void show_hint(std::size_t i);

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
    /// A title's row in the list, wrapped at `width` (spacing included), and where titles start.
    static float title_height(const Lesson& l, float width);
    static float title_indent();
    void draw_page(LessonAction& action);
    void draw_errors(const Lesson& l);
    void draw_experiments(const Lesson& l, LessonAction& action);
    void draw_challenges(const Lesson& l, LessonAction& action);
    void draw_proof(const Lesson& l, const Challenge& c);
    void collect_proof();
    std::string challenge_key(const Lesson& l, std::size_t i) const;
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
    int active_ = -1;                           ///< the challenge being played in the current lesson
    std::map<std::string, int> hints_;          ///< "lesson/challenge" -> hints shown
    std::map<std::string, ChallengeProver::Result> proofs_; ///< "lesson/challenge" -> the explorer's answer
    ChallengeProver prover_;                    ///< last: its search ends before the rest goes
};

} // namespace tl::ui
