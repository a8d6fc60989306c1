// Challenges in the lesson column: "Try it" sets the challenge up in step mode, a stepped run that
// meets the goal solves it (saved), hints come one at a time, "Ask the explorer" proves the
// impossible ones on a background thread, and the column draws in English and Chinese.
#include <doctest/doctest.h>

#include "../core/lessons_fixture.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "app/ui/lesson_panel.hpp"
#include "core/sched/schedule_text.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

/// good_lesson() and two challenges: one reached by stepping, one only the explorer can settle.
std::string lesson_with_challenges() {
    return test::good_lesson() +
           "[[challenges]]\n"
           "id = \"lose-one\"\n"
           "title = { en = \"Lose one\", zh = \"丢一笔\" }\n"
           "text = { en = \"End at 1100\", zh = \"结果是 1100\" }\n"
           "hints = [{ en = \"Read twice\", zh = \"读两次\" }, { en = \"Then write\", zh = \"再写\" }]\n"
           "success = { en = \"A gift vanished\", zh = \"一笔捐款消失了\" }\n"
           "preset = { donors = 2, think-ms = 10 }\n"
           "goal = { outcome = 1100 }\n"
           "[[challenges]]\n"
           "id = \"lock-holds\"\n"
           "title = { en = \"Beat the lock\", zh = \"挑战锁\" }\n"
           "text = { en = \"Lose one with the lock on\", zh = \"加锁后丢一笔\" }\n"
           "success = { en = \"Proven safe\", zh = \"已证明安全\" }\n"
           "preset = { donors = 2, lock = \"on\" }\n"
           "goal = { explore_none = \"lost_update\" }\n";
}

void frames(test::HeadlessImGui& gui, ui::LabView& lab, int n) {
    for (int i = 0; i < n; ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
    }
}

/// Draws the panel alone in a window; returns the vertices drawn.
int draw_panel(test::HeadlessImGui& gui, ui::LessonPanel& panel) {
    gui.new_frame();
    ImGui::SetNextWindowSize(ImVec2(420, 700));
    ImGui::Begin("panel");
    panel.draw(ImVec2(400, 680));
    ImGui::End();
    return gui.render();
}

struct EnglishAfter {
    ~EnglishAfter() { ui::set_language(Lang::En); }
};

} // namespace

TEST_CASE("ChallengePanel.TryItStepsTheDemoAndAMetGoalIsSolved") {
    test::TempDir dir("challenge-try");
    dir.write("a.toml", lesson_with_challenges());
    const std::string progress = (dir.path / "progress.toml").string();
    test::HeadlessImGui gui;
    {
        ui::LabView lab(ui::Settings{}, "", dir.str(), progress);
        REQUIRE(lab.lessons().lessons().size() == 1);
        REQUIRE(lab.lessons().lessons()[0].challenges.size() == 2);
        REQUIRE(lab.apply_experiment(0)); // lock on: the challenge starts from the lesson's preset all the same
        CHECK_FALSE(lab.try_challenge(5));
        REQUIRE(lab.try_challenge(0));
        Demo* d = lab.current_demo();
        REQUIRE(d);
        CHECK(d->schedule_config().mode == ScheduleMode::Step);
        CHECK(d->params().value("donors") == 2);
        CHECK(d->params().text("lock") == "off");
        CHECK(lab.lessons().active_challenge() == 0);
        Scheduler* s = d->scheduler();
        REQUIRE(s);
        // The student's steps: both donors read 1000 before either writes.
        std::string err;
        const auto steps = parse_schedule("1 2 1 1 2 2 1 1 2 2 1", &err);
        REQUIRE(steps);
        for (std::size_t k = 0; k < steps->size(); ++k) {
            REQUIRE(s->wait_quiescent() == Scheduler::Phase::Waiting);
            CHECK_FALSE(lab.lessons().progress().solved("race", "lose-one")); // not before the run ends
            REQUIRE_MESSAGE(s->choose((*steps)[k], &err), err);
            frames(gui, lab, 1);
        }
        REQUIRE(s->wait_quiescent() == Scheduler::Phase::Finished);
        frames(gui, lab, 2);
        CHECK(lab.lessons().progress().solved("race", "lose-one"));
        CHECK_FALSE(lab.lessons().progress().solved("race", "lock-holds"));
        lab.stop();
    }
    ui::LessonPanel again(dir.str(), progress); // saved
    CHECK(again.progress().solved("race", "lose-one"));
}

TEST_CASE("ChallengePanel.AGoalMetOutsideStepModeDoesNotCount") {
    test::TempDir dir("challenge-seeded");
    dir.write("a.toml", lesson_with_challenges());
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "", dir.str());
    REQUIRE(lab.try_challenge(0));
    Demo* d = lab.current_demo();
    lab.stop();
    // Replayed to its end without the student: the same 1100, but nobody stepped it.
    std::string err;
    d->set_schedule({ScheduleMode::Replay, 1, *parse_schedule("1 2 1 1 2 2 1 1 2 2 1", &err), false});
    d->start();
    REQUIRE(d->scheduler()->wait_quiescent() == Scheduler::Phase::Finished);
    CHECK(d->outcome() == Json(1100));
    frames(gui, lab, 2);
    CHECK_FALSE(lab.lessons().progress().solved("race", "lose-one"));
    lab.stop();
}

TEST_CASE("ChallengePanel.HintsComeOneAtATime") {
    test::TempDir dir("challenge-hints");
    dir.write("a.toml", lesson_with_challenges());
    ui::LessonPanel panel(dir.str(), "");
    CHECK(panel.hints_shown(0) == 0);
    panel.show_hint(0);
    CHECK(panel.hints_shown(0) == 1);
    panel.show_hint(0);
    panel.show_hint(0);
    CHECK(panel.hints_shown(0) == 2); // no more than there are
    CHECK(panel.hints_shown(1) == 0);
    panel.show_hint(1); // the second challenge has none
    CHECK(panel.hints_shown(1) == 0);
}

TEST_CASE("ChallengePanel.TheExplorerProvesTheImpossibleOneAndDrawsInBothLanguages") {
    EnglishAfter after;
    test::TempDir dir("challenge-explore");
    dir.write("a.toml", lesson_with_challenges());
    test::HeadlessImGui gui;
    ui::LessonPanel panel(dir.str(), "");
    panel.show_hint(0);
    panel.start_challenge(1);
    CHECK_FALSE(panel.ask_explorer(7));
    CHECK_FALSE(panel.ask_explorer(0)); // reached by stepping: nothing to prove
    REQUIRE(panel.ask_explorer(1));
    CHECK(draw_panel(gui, panel) > 0); // drawn while the search runs
    panel.wait_for_explorer();
    CHECK(panel.progress().solved("race", "lock-holds"));
    CHECK_FALSE(panel.progress().solved("race", "lose-one"));
    for (Lang lang : {Lang::En, Lang::Zh}) {
        ui::set_language(lang);
        ui::clear_missing_translations();
        for (int f = 0; f < 3; ++f) CHECK(draw_panel(gui, panel) > 0);
        INFO("missing: " << ui::missing_translations().size());
        CHECK(ui::missing_translations().empty());
    }
    // A search still running when the panel goes: the destructor cancels and joins it.
    REQUIRE(panel.ask_explorer(1));
}
