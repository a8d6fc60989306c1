#include <doctest/doctest.h>

#include "app/ui/i18n.hpp"
#include "app/ui/views/eventloop_view.hpp"
#include "core/demos/eventloop.hpp"
#include "imgui_headless.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::run_to_end;

static int draw_once(test::HeadlessImGui& gui, ui::DemoView& view) {
    gui.new_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 720));
    ImGui::Begin("eventloop");
    view.draw_toolbar();
    view.draw_panel(ImVec2(1260, 300));
    ImGui::End();
    return gui.render();
}

TEST_CASE("EventLoopView.DrawsEveryVariantInBothLanguages") {
    for (Lang lang : {Lang::En, Lang::Zh}) {
        ui::set_language(lang);
        test::HeadlessImGui gui;
        EventLoopDemo d;
        ui::EventLoopView view(d);
        const int idle = draw_once(gui, view);
        CHECK(idle > 20);
        CHECK(view.banner().empty());
        REQUIRE(d.set_param("step-ms", 10));
        REQUIRE(d.set_param("steps", 1));
        for (const char* style : {"gather", "sequential"}) {
            REQUIRE(d.set_param_text("style", style));
            run_to_end(d);
            CHECK(draw_once(gui, view) > idle);
        }
        REQUIRE(d.set_param_text("blocking", "on"));
        REQUIRE(d.set_param("blocking-ms", 20));
        run_to_end(d);
        CHECK(draw_once(gui, view) > idle);
        CHECK(view.banner().empty()); // the banner speaks only while the loop is blocked
        REQUIRE(d.set_param_text("variant", "generator"));
        run_to_end(d);
        CHECK(draw_once(gui, view) > 100); // the headline and "send(1) -> ate 1"
    }
    ui::set_language(Lang::En);
}

TEST_CASE("EventLoopView.BannerWhileTheLoopIsBlocked") {
    EventLoopDemo d;
    ui::EventLoopView view(d);
    REQUIRE(d.set_param_text("blocking", "on"));
    REQUIRE(d.set_param("blocking-ms", 10000));
    d.start();
    CHECK(test::poll_until(d, [&] { return !view.banner().empty(); }, tl::test::kHappensWithin));
    CHECK(view.banner().find("task 1") != std::string::npos);
    d.stop();
    d.poll();
    CHECK(view.banner().empty());
}
