// The code panel of a stepped run: drawn in the demo area in English and in Chinese with
// nothing untranslated, and "predict first" hides the result until the student reveals it.
#include <doctest/doctest.h>

#include <imgui_internal.h> // the child windows' names

#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "core/demos/donation.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

struct EnglishAfter {
    ~EnglishAfter() { ui::set_language(Lang::En); }
};

/// True when a window whose name contains `part` was drawn in the last frame.
bool window_drawn(const std::string& part) {
    for (ImGuiWindow* w : GImGui->Windows)
        if (w->Active && std::string(w->Name).find(part) != std::string::npos) return true;
    return false;
}

/// A stepped donation race with two donors who have both read the balance.
void start_stepped_race(ui::LabView& lab) {
    REQUIRE(lab.select("donation"));
    Demo& d = *lab.current_demo();
    REQUIRE(d.set_param("donors", 2));
    REQUIRE(d.set_param_text("lock", "off"));
    REQUIRE(d.set_param_text("mode", "round"));
    lab.start_with({.mode = ScheduleMode::Replay, .schedule = {0, 1, 0, 1}, .then_step = true});
    REQUIRE(d.scheduler());
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting);
}

int draw(test::HeadlessImGui& gui, ui::LabView& lab) {
    int v = 0;
    for (int f = 0; f < 3; ++f) {
        gui.new_frame();
        lab.frame();
        v = gui.render();
    }
    return v;
}

} // namespace

TEST_CASE("CodePanel.DrawnBesideAStepRunInEnglishAndChinese") {
    EnglishAfter after;
    for (const Lang lang : {Lang::En, Lang::Zh}) {
        CAPTURE(static_cast<int>(lang));
        test::HeadlessImGui gui(1280, 720, 18 * 1.5f);
        ui::Settings s;
        s.scale = 1.5f;
        s.language = lang;
        ui::LabView lab(s, "");
        REQUIRE(ui::language() == lang);
        ui::clear_missing_translations();

        // Live: no code panel.
        REQUIRE(lab.select("donation"));
        draw(gui, lab);
        CHECK_FALSE(window_drawn("/code_"));

        start_stepped_race(lab);
        CHECK(draw(gui, lab) > 2000);
        CHECK(window_drawn("/code_"));
        CHECK(window_drawn("/values_"));

        // Predict first: the result hides until a prediction is revealed.
        ui::CodePanel& panel = *lab.code_panel();
        const Demo& d = *lab.current_demo();
        panel.set_predict(true);
        draw(gui, lab);
        CHECK(panel.hiding(d));
        CHECK_FALSE(panel.reveal(d)); // nothing typed yet
        panel.set_guess("1200");
        CHECK(panel.reveal(d));
        CHECK_FALSE(panel.hiding(d));
        // Run the race out: the verdict is drawn (in this language) once it is over.
        Scheduler& sched = *lab.current_demo()->scheduler();
        while (sched.wait_quiescent() == Scheduler::Phase::Waiting) {
            int next = -1;
            for (const ActorSlot& a : sched.snapshot().actors)
                if (a.enabled && next < 0) next = a.index;
            REQUIRE(sched.choose(next));
        }
        draw(gui, lab);
        CHECK(d.outcome() == 1100);
        lab.stop();
        draw(gui, lab);
        INFO("missing: " << ui::missing_translations().size());
        CHECK(ui::missing_translations().empty());
    }
}

TEST_CASE("CodePanel.ANewRunAsksForANewPrediction") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    start_stepped_race(lab);
    ui::CodePanel& panel = *lab.code_panel();
    panel.set_predict(true);
    draw(gui, lab);
    panel.set_guess("1100");
    REQUIRE(panel.reveal(*lab.current_demo()));
    draw(gui, lab);
    CHECK(panel.revealed());
    lab.stop();
    start_stepped_race(lab);
    draw(gui, lab);
    CHECK_FALSE(panel.revealed());
    CHECK(panel.hiding(*lab.current_demo()));
    lab.stop();
}
