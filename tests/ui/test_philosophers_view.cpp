#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/views/philosophers_view.hpp"
#include "core/demos/philosophers.hpp"
#include "imgui_headless.hpp"

using namespace tl;
using namespace std::chrono;

// Draws the panel and the toolbar once; returns the vertices drawn.
static int draw_once(test::HeadlessImGui& gui, ui::DemoView& view) {
    gui.new_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 720));
    ImGui::Begin("phil");
    view.draw_toolbar();
    view.draw_panel(ImVec2(1260, 560));
    ImGui::End();
    return gui.render();
}

TEST_CASE("PhilosophersView.DrawsTheTable.N2AndN16" * doctest::timeout(60)) {
    for (int n : {2, 16}) {
        CAPTURE(n);
        test::HeadlessImGui gui;
        PhilosophersDemo d;
        REQUIRE(d.set_param("philosophers", n));
        ui::PhilosophersView view(d);
        // Before any run: the empty table.
        const int idle = draw_once(gui, view);
        CHECK(idle > 200);
        CHECK(view.banner().empty());

        // A certain deadlock (everyone hesitates with one fork): arrows, outlines and the banner.
        for (auto [k, v] : {std::pair{"think-ms", "0"}, {"hesitate-ms", "100"}, {"jitter", "off"}, {"duration-ms", "0"}})
            REQUIRE(d.set_param_text(k, v));
        d.start();
        const auto end = steady_clock::now() + seconds(5);
        while (!d.deadlocked_now() && steady_clock::now() < end) {
            d.poll();
            std::this_thread::sleep_for(milliseconds(2));
        }
        REQUIRE(d.deadlocked_now());
        const int stuck = draw_once(gui, view);
        CHECK(stuck > idle); // wait-for arrows, holder lines and the cycle drawn on top
        CHECK(view.banner().rfind("DEADLOCK: P1 waits for fork 2 held by P2", 0) == 0);
        CHECK(view.object_name(ThreadState::WaitLock, 2) == "(fork 2)");
        d.stop();
        CHECK(draw_once(gui, view) > 200);
    }
}
