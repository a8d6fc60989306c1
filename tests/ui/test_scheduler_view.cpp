#include <doctest/doctest.h>

#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/views/scheduler_view.hpp"
#include "core/demos/scheduler.hpp"
#include "imgui_headless.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;

// Draws the toolbar and the panel once; returns the vertices drawn.
static int draw_once(test::HeadlessImGui& gui, ui::DemoView& view) {
    gui.new_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 720));
    ImGui::Begin("scheduler");
    view.draw_toolbar();
    view.draw_panel(ImVec2(1260, 440));
    ImGui::End();
    return gui.render();
}

TEST_CASE("SchedulerView.DrawsTheWholeScheduleThenStepsThroughIt") {
    for (const Lang lang : {Lang::En, Lang::Zh}) {
        ui::set_language(lang);
        test::HeadlessImGui gui;
        SchedulerDemo d;
        ui::SchedulerView view(d);
        REQUIRE(d.set_param_text("algorithm", "rr"));
        // Not started: the whole computed schedule is on screen.
        CHECK(view.shown_units() == doctest::Approx(26));
        const int whole = draw_once(gui, view);
        CHECK(whole > 200);
        // Stepping from the end goes back one unit at a time, and stops at 0.
        view.step_cursor(-1);
        CHECK(view.shown_units() == doctest::Approx(25));
        for (int i = 0; i < 40; ++i) view.step_cursor(-1);
        CHECK(view.shown_units() == doctest::Approx(0));
        const int empty = draw_once(gui, view);
        CHECK(empty < whole);
        view.step_cursor(+3);
        CHECK(view.shown_units() == doctest::Approx(3));
        CHECK(view.object_name(ThreadState::Running, 2) == (lang == Lang::En ? "(on CPU 2)" : "（在 CPU 2 上）"));
    }
    ui::set_language(Lang::En);
}

TEST_CASE("SchedulerView.EveryPresetIsAValidJobList") {
    SchedulerDemo d;
    for (const auto& p : ui::SchedulerView::presets()) CHECK_MESSAGE(d.set_param_text("jobs", p.jobs), p.jobs);
    CHECK(d.params().text("jobs") == ui::SchedulerView::presets().back().jobs);
    std::string err;
    CHECK_FALSE(d.set_param_text("jobs", "A:0:8,B:1", &err));
    CHECK(err == "--jobs: entry 2 'B:1': expected NAME:ARRIVAL:BURST");
}

TEST_CASE("SchedulerView.AReplayPlaysToTheEndOnTwoCpus") {
    test::HeadlessImGui gui;
    SchedulerDemo d;
    ui::SchedulerView view(d);
    REQUIRE(d.set_param_text("cpus", "2"));
    REQUIRE(d.set_param_text("jobs", "A:0:3,B:0:2:io=1@1,C:1:1"));
    REQUIRE(d.set_param_text("unit-ms", "20"));
    test::run_to_end(d);
    // A job thread per lane, and every state of the schedule on the timeline.
    CHECK(d.timeline().lanes().size() == 3);
    CHECK(test::lanes_that_were(d, ThreadState::Running) == 3);
    CHECK(test::lanes_that_were(d, ThreadState::Blocked) == 1);
    CHECK(d.played_units() == doctest::Approx(d.schedule().makespan));
    CHECK(view.shown_units() == doctest::Approx(d.schedule().makespan));
    CHECK(draw_once(gui, view) > 200);
    // Changing a parameter shows the new schedule whole.
    REQUIRE(d.set_param_text("algorithm", "srtf"));
    CHECK(view.shown_units() == doctest::Approx(d.schedule().makespan));
}
