// The processes and daemon views drawn headless after a short run, in English and Chinese.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "app/ui/i18n.hpp"
#include "app/ui/views/daemon_view.hpp"
#include "app/ui/views/processes_view.hpp"
#include "imgui_headless.hpp"
#include "tests/support/run_demo.hpp"

using namespace tl;
using tl::test::run_to_end;

namespace {

int draw_once(test::HeadlessImGui& gui, ui::DemoView& view) {
    gui.new_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 720));
    ImGui::Begin("view");
    view.draw_toolbar();
    view.draw_panel(ImVec2(1260, 300));
    ImGui::End();
    return gui.render();
}

/// Every string the view drew in Chinese had a translation (lane templates are checked elsewhere).
void check_nothing_missing() {
    std::set<std::string> missing;
    for (const std::string& m : ui::missing_translations())
        if (m.find("{1}") == std::string::npos) missing.insert(m);
    for (const std::string& m : missing) CAPTURE(m);
    CHECK(missing.empty());
}

} // namespace

TEST_CASE("ProcessesView.DrawsTheAddressSpacesInBothLanguages") {
    for (const char* mode : {"threads", "processes", "processes-ipc"}) {
        CAPTURE(mode);
        test::HeadlessImGui gui;
        ProcessesDemo d;
        ui::ProcessesView view(d);
        const int idle = draw_once(gui, view);
        CHECK(idle > 10);
        CHECK(view.banner().empty());
        REQUIRE(d.set_param_text("mode", mode));
        REQUIRE(d.set_param("workers", 2));
        REQUIRE(d.set_param("per-worker", 100));
        REQUIRE(d.set_param("count-ms", 0));
        run_to_end(d);
        CHECK(draw_once(gui, view) > idle);
        const std::string en = view.banner();
        ui::set_language(Lang::Zh);
        ui::clear_missing_translations();
        CHECK(draw_once(gui, view) > idle);
        const std::string zh = view.banner();
        check_nothing_missing();
        ui::set_language(Lang::En);
        CAPTURE(en);
        CAPTURE(zh);
        CHECK_FALSE(zh.empty());
        CHECK(zh != en);
        if (std::string(mode) == "threads") CHECK(en.find("200") != std::string::npos);
        if (std::string(mode) == "processes") CHECK(en.find("= 0") != std::string::npos);
        if (std::string(mode) == "processes-ipc") CHECK(zh.find("200") != std::string::npos);
    }
}

TEST_CASE("DaemonView.MarksMainEndAndProcessEndInBothLanguages") {
    test::HeadlessImGui gui;
    DaemonDemo d;
    ui::DaemonView view(d);
    const int idle = draw_once(gui, view);
    CHECK(view.banner().empty());
    CHECK(view.time_markers().empty());
    REQUIRE(d.set_param("main-ms", 50));
    REQUIRE(d.set_param("worker-ms", 200));
    REQUIRE(d.set_param("daemon-ms", 3000));
    REQUIRE(d.set_param("step-ms", 50));
    run_to_end(d);
    CHECK(draw_once(gui, view) > idle);
    const auto markers = view.time_markers();
    REQUIRE(markers.size() == 2);
    CHECK(markers[0].t <= markers[1].t);
    CHECK(markers[0].label == "main code done");
    CHECK(view.banner().find("2 daemons cut off") != std::string::npos);
    CHECK(view.object_name(ThreadState::Working, 3) == "(step 3)");
    ui::set_language(Lang::Zh);
    ui::clear_missing_translations();
    CHECK(draw_once(gui, view) > idle);
    CHECK(view.banner().find("2 个守护线程被切断") != std::string::npos);
    CHECK(view.time_markers()[1].label == "进程结束");
    check_nothing_missing();
    ui::set_language(Lang::En);
}
