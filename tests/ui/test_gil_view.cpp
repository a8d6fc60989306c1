#include <doctest/doctest.h>

#include "app/ui/i18n.hpp"
#include "app/ui/views/gil_view.hpp"
#include "core/demos/gil.hpp"
#include "imgui_headless.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;

static int draw_once(test::HeadlessImGui& gui, ui::DemoView& view) {
    gui.new_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 720));
    ImGui::Begin("gil");
    view.draw_toolbar();
    view.draw_panel(ImVec2(1260, 400));
    ImGui::End();
    return gui.render();
}

TEST_CASE("GilView.DrawsTheSweepsAndWordsTheModes") {
    struct EnglishAfter {
        ~EnglishAfter() { ui::set_language(Lang::En); }
    } english_after;
    test::HeadlessImGui gui;
    GilDemo d;
    ui::GilView view(d);
    const int idle = draw_once(gui, view);
    CHECK(idle > 20);
    CHECK(view.banner().empty());
    d.set_sweep_work_ms(1);
    d.set_race_iterations(1000);
    d.start_sweep(GilDemo::Sweep::Speedup);
    while (d.running()) d.poll();
    d.start_sweep(GilDemo::Sweep::Race);
    while (d.running()) d.poll();
    d.stop();
    const int plotted = draw_once(gui, view);
    CHECK(plotted > idle + 100);

    REQUIRE(d.set_param_text("work", "io"));
    REQUIRE(d.set_param("work-ms", 10));
    test::run_to_end(d);
    CHECK(view.banner().find("GIL ON") == 0);
    ui::set_language(Lang::Zh);
    const std::string zh = view.banner();
    CAPTURE(zh);
    CHECK(zh.find("GIL") != std::string::npos);
    CHECK(zh.find("hand-overs") == std::string::npos);
    CHECK(draw_once(gui, view) > idle);
    ui::set_language(Lang::En);
    REQUIRE(d.set_param_text("gil", "processes"));
    test::run_to_end(d);
    CHECK(view.banner().find("PROCESSES") == 0);
    CHECK(view.banner_good());
}
