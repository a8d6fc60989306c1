#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "app/ui/i18n.hpp"
#include "app/ui/views/pool_view.hpp"
#include "tests/support/run_demo.hpp"
#include "core/demos/pool.hpp"
#include "imgui_headless.hpp"

using namespace tl;
using tl::test::run_to_end;
using namespace std::chrono;

// Draws the panel and the toolbar once; returns the vertices drawn.
static int draw_once(test::HeadlessImGui& gui, ui::DemoView& view) {
    gui.new_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1280, 720));
    ImGui::Begin("pool");
    view.draw_toolbar();
    view.draw_panel(ImVec2(1260, 400));
    ImGui::End();
    return gui.render();
}


TEST_CASE("PoolView.DrawsTaskMapReuseTableAndSaving") {
    for (const char* mode : {"pool", "thread-per-task"}) {
        CAPTURE(mode);
        test::HeadlessImGui gui;
        PoolDemo d;
        ui::PoolView view(d);
        const int idle = draw_once(gui, view);
        CHECK(idle > 50);
        CHECK(view.banner().empty());
        REQUIRE(d.set_param_text("mode", mode));
        REQUIRE(d.set_param("task-ms", 2));
        REQUIRE(d.set_param("fail-task", 4));
        run_to_end(d);
        // 15 task blocks with their numbers, the reuse rows and the measured costs.
        const int done = draw_once(gui, view);
        CHECK(done > idle + 15 * 4);
        CHECK(view.object_name(ThreadState::Working, 7) == "task #7");
        CHECK(view.object_name(ThreadState::Sleeping, 7) == "(waiting for task #7)");
        CHECK(view.object_name(ThreadState::Working, 0).empty());
    }
}

static int working_lanes(const Demo& d) { return test::lanes_that_were(d, ThreadState::Working); }

TEST_CASE("PoolView.ProcessPool.BannerReportsADeadWorker") {
    test::HeadlessImGui gui;
    PoolDemo d;
    ui::PoolView view(d);
    REQUIRE(d.set_param_text("mode", "process-pool"));
    REQUIRE(d.set_param("workers", 2));
    REQUIRE(d.set_param("tasks", 4));
    REQUIRE(d.set_param("task-ms", 10000)); // still running when the worker is killed
    d.start();
    const auto end = steady_clock::now() + seconds(60);
    while (working_lanes(d) < 2 && steady_clock::now() < end) { // both processes up and busy
        d.poll();
        std::this_thread::sleep_for(milliseconds(2));
    }
    REQUIRE(working_lanes(d) == 2);
    CHECK(draw_once(gui, view) > 100); // the toolbar's kill button is drawn while it runs
    REQUIRE(d.kill_process_worker(0));
    while (d.worker_reports().empty() && steady_clock::now() < end) {
        d.poll();
        std::this_thread::sleep_for(milliseconds(2));
    }
    const auto events = d.worker_reports();
    REQUIRE(events.size() == 1);
    REQUIRE(events[0].task.has_value());
    const std::string pid = std::to_string(events[0].pid), task = std::to_string(*events[0].task);
    // In English, worded from the facts.
    ui::set_language(Lang::En);
    CHECK(view.banner() == "Worker process 1 (pid " + pid + ") was killed by signal 9 (SIGKILL) while running task #" + task +
                               "; a new worker process takes its place");
    // In Chinese: Chinese words around the same facts, no English left.
    ui::set_language(Lang::Zh);
    const std::string zh = view.banner();
    ui::set_language(Lang::En);
    CAPTURE(zh);
    CHECK(zh == "工作进程 1（pid " + pid + "）在运行任务 #" + task + " 时被信号 9（SIGKILL）杀死；一个新的工作进程接替了它");
    for (const char* en : {"died", "killed", "Worker", "process", "task", "replac"}) CHECK(zh.find(en) == std::string::npos);
    d.stop();
    CHECK(draw_once(gui, view) > 100);
}

TEST_CASE("PoolView.TaskErrorsAndNamesInTheUIsLanguage") {
    test::HeadlessImGui gui;
    PoolDemo d;
    ui::PoolView view(d);
    REQUIRE(d.set_param("tasks", 4));
    REQUIRE(d.set_param("task-ms", 1));
    REQUIRE(d.set_param("fail-task", 2));
    run_to_end(d);
    ui::set_language(Lang::Zh);
    ui::clear_missing_translations();
    CHECK(view.object_name(ThreadState::Working, 7) == "任务 #7");
    CHECK(view.object_name(ThreadState::Sleeping, 7) == "（等待任务 #7）");
    CHECK(draw_once(gui, view) > 100); // the failed task's line, the saving, the tables
    // Everything the panel words has a translation. (Lane-name templates such as "Worker {1}"
    // are the catalogue's lane-name section, checked by the I18n tests.)
    std::set<std::string> missing;
    for (const std::string& m : ui::missing_translations())
        if (m.find("{1}") == std::string::npos) missing.insert(m);
    for (const std::string& m : missing) CAPTURE(m);
    CHECK(missing.empty());
    ui::set_language(Lang::En);
}
