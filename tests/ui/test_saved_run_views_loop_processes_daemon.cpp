// An opened run of the event loop, processes or daemon demo draws what the live run drew when it
// finished: the same panel (as many vertices), the same banner and timeline markers, in English
// and Chinese.
#include <doctest/doctest.h>

#include <filesystem>

#include "app/ui/i18n.hpp"
#include "app/ui/views/daemon_view.hpp"
#include "app/ui/views/eventloop_view.hpp"
#include "app/ui/views/processes_view.hpp"
#include "core/demo/run_file.hpp"
#include "imgui_headless.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::run_to_end;

namespace {

/// The vertices of the view's panel and toolbar, drawn a few frames (tables settle their widths).
int draw(test::HeadlessImGui& gui, ui::DemoView& view) {
    int vertices = 0;
    for (int i = 0; i < 3; ++i) {
        gui.new_frame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(1280, 720));
        ImGui::Begin("view");
        view.draw_toolbar();
        view.draw_panel(ImVec2(1260, 300));
        ImGui::End();
        vertices = gui.render();
    }
    return vertices;
}

/// Runs `live`, saves it, opens it into `opened`, and compares what their views draw.
template <class D, class V> void check_same_picture(D& live, D& opened) {
    run_to_end(live);
    const auto path = std::filesystem::temp_directory_path() /
                      ("threadlab-ui-runview-" + std::to_string(::getpid()) + "-" + std::string(live.id()) + ".json");
    std::string err;
    REQUIRE_MESSAGE(save_run(live, path.string(), &err), err);
    REQUIRE_MESSAGE(open_run(opened, path.string(), &err), err);
    std::filesystem::remove(path);
    V a(live), b(opened);
    for (Lang lang : {Lang::En, Lang::Zh}) {
        CAPTURE(static_cast<int>(lang));
        ui::set_language(lang);
        test::HeadlessImGui gui;
        const int va = draw(gui, a), vb = draw(gui, b);
        CHECK(va > 0);
        CHECK(va == vb);
        CHECK(a.banner() == b.banner());
        CHECK(a.banner_good() == b.banner_good());
        const auto ma = a.time_markers(), mb = b.time_markers();
        REQUIRE(ma.size() == mb.size());
        for (std::size_t i = 0; i < ma.size(); ++i) CHECK((ma[i].t == mb[i].t && ma[i].label == mb[i].label));
    }
    ui::set_language(Lang::En);
}

} // namespace

TEST_CASE("SavedRunView.EventLoopDrawsAsTheLiveRunDid") {
    EventLoopDemo live, opened;
    REQUIRE(live.set_param_text("step-ms", "10"));
    REQUIRE(live.set_param_text("steps", "1"));
    SUBCASE("blocking") {
        REQUIRE(live.set_param_text("blocking", "on"));
        REQUIRE(live.set_param_text("blocking-ms", "20"));
    }
    SUBCASE("generator") { REQUIRE(live.set_param_text("variant", "generator")); }
    check_same_picture<EventLoopDemo, ui::EventLoopView>(live, opened);
}

TEST_CASE("SavedRunView.ProcessesDrawsAsTheLiveRunDid") {
    ProcessesDemo live, opened;
    REQUIRE(live.set_param_text("workers", "2"));
    REQUIRE(live.set_param_text("per-worker", "50"));
    REQUIRE(live.set_param_text("count-ms", "0"));
    SUBCASE("threads") {}
    SUBCASE("processes-ipc") { REQUIRE(live.set_param_text("mode", "processes-ipc")); }
    check_same_picture<ProcessesDemo, ui::ProcessesView>(live, opened);
    CHECK(opened.child_pids() == live.child_pids());
}

TEST_CASE("SavedRunView.DaemonDrawsAsTheLiveRunDid") {
    DaemonDemo live, opened;
    REQUIRE(live.set_param_text("daemons", "2"));
    REQUIRE(live.set_param_text("workers", "1"));
    REQUIRE(live.set_param_text("main-ms", "0"));
    REQUIRE(live.set_param_text("worker-ms", "20"));
    REQUIRE(live.set_param_text("step-ms", "10"));
    check_same_picture<DaemonDemo, ui::DaemonView>(live, opened);
}

TEST_CASE("SavedRunView.ProcessesCopiedMidRunGivesNoVerdict") {
    // Pause copies a running demo through the saved-run path: the copy must not say the run ended.
    ProcessesDemo live, copy;
    REQUIRE(live.set_param_text("mode", "processes"));
    REQUIRE(live.set_param_text("workers", "1"));
    REQUIRE(live.set_param_text("count-ms", "3000"));
    live.start();
    REQUIRE(test::poll_until(live, [&] { return !live.workers().empty() && live.workers()[0].started; }, tl::test::kHappensWithin));
    std::string err;
    REQUIRE_MESSAGE(run_from_json(copy, run_to_json(live), "", &err), err);
    live.stop();
    ui::ProcessesView view(copy);
    CHECK_FALSE(copy.run_ended());
    CHECK(view.banner().empty());
    ui::ProcessesView stopped(live); // the live run, stopped: it did end
    CHECK_FALSE(stopped.banner().empty());
}
