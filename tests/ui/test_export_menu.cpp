// The window's Export menu: a run written to a file as a trace and as data, the outcome on the
// status bar, and a path that cannot be written said so.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "tests/support/files.hpp"
#include "app/ui/lab_view.hpp"
#include "core/demo/run_export.hpp"
#include "core/util/json.hpp"
#include "imgui_headless.hpp"

using namespace tl;

using tl::test::slurp;

TEST_CASE("ExportMenu.WritesTheRunOnScreen") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.select("donation"));
    Demo* d = lab.current_demo();
    REQUIRE(d);
    REQUIRE(d->set_param_text("donors", "3"));
    REQUIRE(d->set_param_text("think-ms", "1"));
    REQUIRE(d->set_param_text("lock", "on")); // every round exact: 1000 + 3 x 100
    gui.new_frame();
    lab.frame();
    gui.render();
    lab.start();
    for (int i = 0; i < 400 && d->running(); ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    lab.stop();
    REQUIRE(!d->timeline().empty());

    const std::string base = "threadlab-export-ui-" + std::to_string(getpid());
    const std::string trace = base + ".json", csv = base + ".csv";
    REQUIRE(lab.export_run(ui::ExportMenu::Kind::Trace, trace));
    CHECK(lab.status() == "Trace written to " + trace);
    const Json j = Json::parse(slurp(trace));
    std::size_t x = 0;
    for (const Json& e : j["traceEvents"]) x += e["ph"] == "X";
    CHECK(x == d->timeline().span_count());

    REQUIRE(lab.export_run(ui::ExportMenu::Kind::Data, csv));
    CHECK(lab.status() == "Data written to " + csv + ", metrics to " + metrics_path_for(csv));
    CHECK(slurp(csv).rfind("round,expected,actual,lost_updates,lost_money,lock\r\n1,1300,", 0) == 0);
    CHECK(slurp(metrics_path_for(csv)).rfind("key,label,value\r\n", 0) == 0);
    for (const std::string& p : {trace, csv, metrics_path_for(csv)}) std::remove(p.c_str());

    CHECK_FALSE(lab.export_run(ui::ExportMenu::Kind::Trace, "/nonexistent-dir/t.json"));
    CHECK(lab.status().find("Export failed: cannot write '/nonexistent-dir/t.json'") == 0);
    // The frame still draws with the failure on the status bar.
    gui.new_frame();
    lab.frame();
    CHECK(gui.render() > 500);
}

TEST_CASE("ExportMenu.OffersAFileNamedAfterTheDemo") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.select("philosophers"));
    CHECK(ui::ExportMenu::default_path(*lab.current_demo(), ui::ExportMenu::Kind::Trace) == "threadlab-philosophers-trace.json");
    CHECK(ui::ExportMenu::default_path(*lab.current_demo(), ui::ExportMenu::Kind::Data) == "threadlab-philosophers.csv");
}
