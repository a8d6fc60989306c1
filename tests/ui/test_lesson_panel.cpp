// The lesson column and the classroom: broken files show as error entries, experiments apply
// exactly their preset and are marked tried, progress survives a restart of the lab, edited
// lessons reload, presentation mode turns the classroom set-up on and off.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "../core/lessons_fixture.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "app/ui/lesson_panel.hpp"
#include "imgui_headless.hpp"

using namespace tl;
using test::good_lesson;
using test::replace_line;

namespace {

void frames(test::HeadlessImGui& gui, ui::LabView& lab, int n) {
    for (int i = 0; i < n; ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
    }
}

std::map<std::string, std::string> snapshot(const Demo& d) {
    std::map<std::string, std::string> m;
    for (const ParamSpec& s : d.params().specs()) m[s.key] = d.params().text(s.key);
    return m;
}

} // namespace

TEST_CASE("LessonPanel.BrokenFileIsARedEntryTheOthersLoad") {
    test::TempDir dir("panel-broken");
    dir.write("a.toml", good_lesson("race", 10));
    dir.write("b.toml", replace_line(good_lesson("other", 20), 3, "demo = \"nope\""));
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "", dir.str());
    const auto& lessons = lab.lessons().lessons();
    REQUIRE(lessons.size() == 2);
    CHECK_FALSE(lessons[0].broken());
    CHECK(lessons[1].broken());
    CHECK(lab.current_demo() != nullptr); // lesson 0 opened on its demo
    lab.select_lesson(1);
    CHECK(lab.current_demo() == nullptr); // an error entry has no demo
    frames(gui, lab, 3);                   // and draws its errors
    CHECK(lab.lessons().current() == 1);
}

TEST_CASE("LessonPanel.ApplyingAnExperimentSetsExactlyItsParametersAndMarksItTried") {
    test::TempDir dir("panel-apply");
    dir.write("a.toml", good_lesson("race", 10));
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "", dir.str());
    Demo* d = lab.current_demo();
    REQUIRE(d);
    CHECK(d->params().value("donors") == 50); // the lesson's preset
    const auto before = snapshot(*d);
    REQUIRE(lab.apply_experiment(0)); // lock = true, think-ms = 5
    auto after = snapshot(*d);
    CHECK(after["lock"] == "on");
    CHECK(after["think-ms"] == "5");
    after["lock"] = before.at("lock");
    after["think-ms"] = before.at("think-ms");
    CHECK(after == before);
    CHECK(lab.lessons().progress().tried("race", 0));
    CHECK_FALSE(lab.lessons().progress().tried("race", 1));
    CHECK_FALSE(lab.apply_experiment(7)); // no such experiment
}

TEST_CASE("LessonPanel.ApplyWhileRunningRestartsForNonLiveParameters") {
    test::TempDir dir("panel-running");
    std::string text = good_lesson("race", 10);
    text = replace_line(text, 16, "preset = { donors = 3, think-ms = 1, mode = \"continuous\" }");
    dir.write("a.toml", text);
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "", dir.str());
    REQUIRE(lab.current_demo());
    lab.start();
    REQUIRE(lab.apply_experiment(0));
    Demo* d = lab.current_demo();
    CHECK(d->running()); // restarted with the new values
    CHECK(d->params().value("donors") == 3);
    frames(gui, lab, 3);
    lab.stop();
    CHECK(d->timeline().lanes().size() == 3);
}

TEST_CASE("LessonPanel.ProgressSurvivesARestartOfTheLab") {
    test::TempDir dir("panel-progress");
    dir.write("a.toml", good_lesson("race", 10));
    dir.write("b.toml", good_lesson("second", 20));
    const std::string progress = (dir.path / "config" / "progress.toml").string();
    test::HeadlessImGui gui;
    {
        ui::LabView lab(ui::Settings{}, "", dir.str(), progress);
        frames(gui, lab, 1);              // a lesson counts as visited once it is shown
        REQUIRE(lab.apply_experiment(1)); // a text-only experiment: marked tried all the same
        lab.select_lesson(1);
        CHECK_FALSE(lab.lessons().progress().visited("second"));
        frames(gui, lab, 1);
        CHECK(lab.lessons().progress().visited("second"));
    }
    {
        ui::LessonPanel panel(dir.str(), progress);
        const Progress& p = panel.progress();
        CHECK(p.visited("race"));
        CHECK(p.visited("second"));
        CHECK(p.tried("race", 1));
        panel.open(0);
        panel.answer(0, 1); // wrong
        CHECK(panel.progress().status(panel.lessons()[0]) == LessonStatus::Visited);
        panel.mark_tried(0);
        panel.answer(0, 0); // right
        CHECK(panel.progress().status(panel.lessons()[0]) == LessonStatus::Done);
    }
    ui::LessonPanel again(dir.str(), progress);
    CHECK(again.progress().status(again.lessons()[0]) == LessonStatus::Done);
    REQUIRE(again.progress().answer_of("race", 0));
    CHECK(again.progress().answer_of("race", 0)->correct);
}

TEST_CASE("LessonPanel.CorruptProgressIsSetAsideAndShown") {
    test::TempDir dir("panel-corrupt");
    dir.write("a.toml", good_lesson("race", 10));
    const std::string progress = dir.write("progress.toml", "[[[ not toml");
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "", dir.str(), progress);
    CHECK(lab.lessons().warning().find("moved aside") != std::string::npos);
    frames(gui, lab, 2);
    CHECK(std::filesystem::exists(progress)); // visiting lesson 0 wrote a fresh file
}

TEST_CASE("LessonPanel.EditedLessonReloadsWithoutARestart") {
    test::TempDir dir("panel-reload");
    const std::string file = dir.write("a.toml", good_lesson("race", 10));
    ui::LessonPanel panel(dir.str(), "");
    REQUIRE(panel.lessons().size() == 1);
    CHECK(panel.lessons()[0].title.en == "The race");
    CHECK_FALSE(panel.poll(0.0)); // nothing changed
    dir.write("a.toml", replace_line(good_lesson("race", 10), 4, "title = { en = \"The edited race\", zh = \"改过的竞赛\" }"));
    CHECK_FALSE(panel.poll(0.5)); // polled at most once a second
    CHECK(panel.poll(1.0));
    CHECK(panel.lessons()[0].title.en == "The edited race");
    CHECK(panel.chinese_text().find("改过的竞赛") != std::string::npos);
    // A new broken file appears as an error entry; the current lesson stays selected.
    dir.write("b.toml", "id = \n");
    CHECK(panel.poll(2.0));
    REQUIRE(panel.lessons().size() == 2);
    CHECK(panel.lessons()[1].broken());
    CHECK(panel.current() == 0);
}

TEST_CASE("LessonPanel.MissingFolderIsAnErrorEntry") {
    ui::LessonPanel panel("/nonexistent/threadlab/lessons", "");
    REQUIRE(panel.lessons().size() == 1);
    CHECK(panel.lessons()[0].broken());
    CHECK(panel.lessons()[0].errors[0].text().find("/nonexistent/threadlab/lessons") != std::string::npos);
}

TEST_CASE("Presentation.F5TurnsTheClassroomSetUpOnAndOff") {
    const std::string settings_path = "threadlab-test-presentation.ini";
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, settings_path);
    REQUIRE(lab.lessons_panel_visible());
    REQUIRE(lab.params_panel_visible());
    lab.toggle_presentation();
    CHECK(lab.presenting());
    CHECK_FALSE(lab.lessons_panel_visible());
    CHECK_FALSE(lab.params_panel_visible());
    CHECK(lab.settings().scale == ui::Settings::kProjectorScale);
    CHECK(lab.settings().theme == ui::ThemeId::Light);
    CHECK(lab.fullscreen_requested());
    CHECK(lab.font_rebuild_requested());
    lab.fullscreen_done();
    frames(gui, lab, 2); // draws the lesson bar and the slow-motion control
    lab.set_language(Lang::Zh); // saving during presentation keeps the user's own scale and theme
    std::string warning;
    const ui::Settings saved = ui::load_settings(settings_path, &warning);
    CHECK(saved.scale == doctest::Approx(1.0));
    CHECK(saved.theme == ui::ThemeId::Dark);
    CHECK(saved.language == Lang::Zh);
    lab.toggle_presentation();
    CHECK_FALSE(lab.presenting());
    CHECK(lab.lessons_panel_visible());
    CHECK(lab.params_panel_visible());
    CHECK(lab.settings().scale == doctest::Approx(1.0));
    CHECK(lab.settings().theme == ui::ThemeId::Dark);
    CHECK(lab.fullscreen_requested()); // back to a window
    ui::set_language(Lang::En);
    std::remove(settings_path.c_str());
}
