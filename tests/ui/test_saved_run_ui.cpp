// The window's side of Save run / Open run and of Pause (freeze picture), headless.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "app/ui/lab_view.hpp"
#include "core/demo/registry.hpp"
#include "core/demo/run_file.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {
void frames(test::HeadlessImGui& gui, ui::LabView& lab, int n) {
    for (int i = 0; i < n; ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}
} // namespace

TEST_CASE("LabView.FreezePictureKeepsThreadsRunning") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.open_demo("donation"));
    Demo& d = *lab.current_demo();
    REQUIRE(d.set_param_text("mode", "continuous"));
    REQUIRE(d.set_param_text("think-ms", "1"));
    REQUIRE(d.set_param_text("donors", "4"));
    lab.start();
    frames(gui, lab, 10);
    REQUIRE(d.running());
    lab.toggle_freeze();
    CHECK(lab.picture_frozen());
    CHECK(lab.status().find("threads still running") != std::string::npos);
    const std::size_t spans_then = d.timeline().span_count();
    frames(gui, lab, 20);
    CHECK(d.running());                               // the threads went on
    CHECK(d.timeline().span_count() > spans_then);    // and the live run is still collected
    lab.toggle_freeze();
    CHECK_FALSE(lab.picture_frozen());
    lab.toggle_freeze();                               // frozen again, then Start unfreezes
    lab.start();
    CHECK_FALSE(lab.picture_frozen());
    frames(gui, lab, 3);
    lab.stop();
}

TEST_CASE("LabView.OpenRunShowsTheRecordedRun") {
    const auto path = std::filesystem::temp_directory_path() / ("threadlab-ui-run-" + std::to_string(::getpid()) + ".json");
    std::string err;
    {
        auto demo = make_demo("donation");
        REQUIRE(demo->set_param_text("rounds", "2"));
        REQUIRE(demo->set_param_text("think-ms", "1"));
        REQUIRE(demo->set_param_text("donors", "5"));
        demo->start();
        while (demo->running()) {
            demo->poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        demo->stop();
        REQUIRE_MESSAGE(save_run(*demo, path.string(), &err), err);
    }
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.open_demo("queue")); // another demo on screen: opening switches
    REQUIRE(lab.open_run(path.string()));
    REQUIRE(lab.current_demo());
    CHECK(lab.current_demo()->id() == "donation");
    REQUIRE(lab.current_demo()->recorded());
    CHECK(lab.current_demo()->timeline().lanes().size() == 5);
    CHECK(lab.current_demo()->params().text("donors") == "5");
    frames(gui, lab, 3);
    CHECK_FALSE(lab.current_demo()->running());
    CHECK(lab.current_demo()->recorded()); // drawing and polling leave it as recorded

    // A foreign file: said on the status bar, the run on screen stays.
    std::ofstream(path) << "{\"traceEvents\": []}";
    CHECK_FALSE(lab.open_run(path.string()));
    CHECK(lab.status().find("not a ThreadLab run") != std::string::npos);
    CHECK(lab.current_demo()->recorded());
    std::filesystem::remove(path);
}
