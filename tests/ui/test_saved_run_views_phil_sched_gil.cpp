// The window's side of saved philosophers, scheduler and gil runs, headless: an opened run is
// drawn without running, and freezing a running philosophers table freezes all of it.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>
#include <vector>

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

/// Runs `id` with `params` until it ends (or for `ms`, then stops it) and saves it to `path`.
using Params = std::vector<std::pair<const char*, const char*>>;

void record(const char* id, const Params& params, int ms, const std::string& path) {
    auto d = make_demo(id);
    for (const auto& [k, v] : params) REQUIRE(d->set_param_text(k, v));
    d->start();
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (d->running() && std::chrono::steady_clock::now() < end) {
        d->poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    d->stop();
    std::string err;
    REQUIRE_MESSAGE(save_run(*d, path, &err), err);
}

} // namespace

TEST_CASE("LabView.OpenRun.PhilosophersSchedulerGil") {
    const auto path = std::filesystem::temp_directory_path() / ("threadlab-ui-run-a-" + std::to_string(::getpid()) + ".json");
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    struct Case {
        const char* id;
        Params params;
        int ms;
    };
    const Case cases[] = {
        {"philosophers", {{"think-ms", "0"}, {"hesitate-ms", "100"}, {"jitter", "off"}, {"duration-ms", "0"}}, 400},
        {"scheduler", {{"unit-ms", "20"}, {"jobs", "A:0:3,B:1:2"}}, 2000},
        {"gil", {{"threads", "2"}, {"work-ms", "10"}}, 3000},
    };
    for (const Case& c : cases) {
        CAPTURE(c.id);
        record(c.id, c.params, c.ms, path.string());
        REQUIRE(lab.open_run(path.string()));
        REQUIRE(lab.current_demo());
        CHECK(lab.current_demo()->id() == c.id);
        frames(gui, lab, 3);
        CHECK_FALSE(lab.current_demo()->running());
        CHECK(lab.current_demo()->recorded());
    }
    std::filesystem::remove(path);
}

TEST_CASE("LabView.FreezePicture.PhilosophersFreezesTheTable") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.open_demo("philosophers"));
    Demo& d = *lab.current_demo();
    REQUIRE(d.set_param_text("think-ms", "1"));
    REQUIRE(d.set_param_text("eat-ms", "1"));
    REQUIRE(d.set_param_text("duration-ms", "0"));
    lab.start();
    frames(gui, lab, 10);
    REQUIRE(d.running());
    lab.toggle_freeze();
    CHECK(lab.picture_frozen());
    // A copy of all of it (cards, table), not only the timeline.
    CHECK(lab.status().find("Picture frozen: threads still running") != std::string::npos);
    frames(gui, lab, 5);
    CHECK(d.running());
    lab.toggle_freeze();
    lab.stop();
}
