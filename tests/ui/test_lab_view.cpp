#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "app/ui/lab_view.hpp"
#include "core/demo/registry.hpp"
#include "imgui_headless.hpp"

using namespace tl;

TEST_CASE("LabView.DrawsARunningDonationRace" * doctest::timeout(60)) {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.select("donation"));
    REQUIRE(lab.current_demo());
    REQUIRE(lab.current_demo()->set_param("think-ms", 2));
    lab.start();
    int vertices = 0;
    for (int i = 0; i < 30; ++i) {
        gui.new_frame();
        lab.frame();
        vertices = gui.render();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    lab.stop();
    CHECK(vertices > 2000);
    CHECK(lab.current_demo()->timeline().lanes().size() == 50);
}

TEST_CASE("LabView.ProjectorScaleAndLightTheme" * doctest::timeout(30)) {
    test::HeadlessImGui gui(1280, 720, 18 * 1.5f);
    ui::Settings s;
    s.scale = 1.5f;
    s.theme = ui::ThemeId::Light;
    ui::LabView lab(s, "");
    gui.new_frame();
    lab.frame();
    CHECK(gui.render() > 500);
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_Text].x == 0.0f); // black text on the light theme
}

TEST_CASE("Settings.RoundTripAndBadFile") {
    const std::string path = "threadlab-test-settings.ini";
    ui::Settings s;
    s.scale = 1.5f;
    s.theme = ui::ThemeId::Light;
    REQUIRE(ui::save_settings(s, path, nullptr));
    std::string warning;
    const ui::Settings back = ui::load_settings(path, &warning);
    CHECK(warning.empty());
    CHECK(back.scale == doctest::Approx(1.5));
    CHECK(back.theme == ui::ThemeId::Light);

    std::ofstream(path) << "scale = 1.5\ntheme = purple\n";
    const ui::Settings bad = ui::load_settings(path, &warning);
    CHECK(warning.find(path + ":2") != std::string::npos);
    CHECK(warning.find("purple") != std::string::npos);
    CHECK(bad.theme == ui::ThemeId::Dark); // defaults
    std::ofstream(path) << "scale = 40\n";
    ui::load_settings(path, &warning);
    CHECK(warning.find("scale") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("LabView.OpenDemoShowsItsDefaultsNotALessonsVariant") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    // The first lesson with the philosophers is about a recursive lock (the noodles variant).
    REQUIRE(lab.select("philosophers"));
    CHECK(lab.current_demo()->params().text("variant") == "noodles");
    REQUIRE(lab.open_demo("philosophers"));
    Demo& d = *lab.current_demo();
    auto fresh = make_demo("philosophers");
    for (const ParamSpec& s : d.params().specs()) {
        CAPTURE(s.key);
        CHECK(d.params().text(s.key) == fresh->params().text(s.key));
    }
    CHECK(lab.lessons().current_lesson()->demo == "philosophers");
    CHECK_FALSE(lab.open_demo("nosuchdemo"));
}
