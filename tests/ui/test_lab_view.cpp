#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "app/ui/lab_view.hpp"
#include "core/demo/registry.hpp"
#include "imgui_headless.hpp"

using namespace tl;

TEST_CASE("LabView.DrawsARunningDonationRace") {
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

TEST_CASE("LabView.ProjectorScaleAndLightTheme") {
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

TEST_CASE("Settings.OddFilesWarnAndNeverBlockOrFlood") {
    namespace fs = std::filesystem;
    const std::string dir = "threadlab-test-settings-" + std::to_string(::getpid());
    fs::create_directories(dir);
    std::string warning;
    // A folder, a FIFO (opening it would block): defaults, and a warning naming the file.
    const std::string folder = dir + "/folder.ini";
    fs::create_directory(folder);
    ui::load_settings(folder, &warning);
    CHECK(warning == folder + ": not a regular file; using default settings");
    const std::string fifo = dir + "/fifo.ini";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    warning.clear();
    ui::load_settings(fifo, &warning);
    CHECK(warning.find("not a regular file") != std::string::npos);
    // Huge: refused unread. A long bad line: echoed only in part.
    const std::string huge = dir + "/huge.ini";
    std::ofstream(huge) << std::string(200 * 1024, 'x');
    warning.clear();
    ui::load_settings(huge, &warning);
    CHECK(warning.find("larger than 64 KiB") != std::string::npos);
    const std::string longline = dir + "/long.ini";
    std::ofstream(longline) << "theme = " << std::string(20000, 'q') << "\n";
    warning.clear();
    ui::load_settings(longline, &warning);
    CHECK(warning.find("theme must be dark or light") != std::string::npos);
    CHECK(warning.size() < 300);
    fs::remove_all(dir);
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
