#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/i18n.hpp"
#include "app/ui/views/philosophers_view.hpp"
#include "core/demos/philosophers.hpp"
#include "imgui_headless.hpp"
#include "tests/support/bounds.hpp"
#include "tests/support/run_demo.hpp"

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

TEST_CASE("PhilosophersView.DrawsTheTable.N2AndN16") {
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
        test::poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin);
        REQUIRE(d.deadlocked_now());
        const int stuck = draw_once(gui, view);
        CHECK(stuck > idle); // wait-for arrows, holder lines and the cycle drawn on top
        // The banner words the cycle's facts: in English...
        const std::string en = view.banner();
        CHECK(en.rfind("DEADLOCK: P1 waits for fork 2 held by P2", 0) == 0);
        const std::string last = std::to_string(n); // (not "P" + ...: a GCC 12 -Wrestrict false alarm)
        CHECK(en.find(std::string("P").append(last).append(" waits for fork 1 held by P1")) != std::string::npos);
        CHECK(view.object_name(ThreadState::WaitLock, 2) == "(fork 2)");
        CHECK(view.object_name(ThreadState::HoldLock, 1) == "(fork 1)");
        CHECK(view.object_name(ThreadState::Running, 1).empty());
        CHECK(view.object_name(ThreadState::WaitLock, 999).empty());
        // ... and in Chinese, in Chinese word order, with no English left.
        ui::set_language(Lang::Zh);
        REQUIRE(ui::language() == Lang::Zh);
        ui::clear_missing_translations();
        const std::string zh = view.banner();
        CAPTURE(zh);
        CHECK(zh.rfind("死锁：哲学家 1 等待 叉子 2（由 哲学家 2 持有），哲学家 2 等待 叉子 ", 0) == 0);
        CHECK(zh.find(std::string("哲学家 ").append(last).append(" 等待 叉子 1（由 哲学家 1 持有）")) != std::string::npos);
        CHECK(zh.find("waits for") == std::string::npos);
        CHECK(zh.find("fork") == std::string::npos);
        CHECK(zh.find("held by") == std::string::npos);
        CHECK(view.object_name(ThreadState::WaitLock, 2) == "（叉子 2）");
        const int zh_drawn = draw_once(gui, view); // the panel's lock-order line and tooltips in Chinese
        CHECK(zh_drawn > 200);
        INFO("missing:\n" << [] { std::string m; for (const auto& k : ui::missing_translations()) m += k + "\n"; return m; }());
        CHECK(ui::missing_translations().empty());
        ui::set_language(Lang::En);
        d.stop();
        CHECK(draw_once(gui, view) > 200);
    }
}

// The noodles variant: a lock-order inversion, then a self-deadlock, in both languages.
TEST_CASE("PhilosophersView.Noodles.SelfDeadlockAndSeatInBothLanguages") {
    test::HeadlessImGui gui;
    PhilosophersDemo d;
    ui::PhilosophersView view(d);
    for (auto [k, v] : {std::pair{"variant", "noodles"}, {"locks", "one-plain"}, {"philosophers", "3"}, {"think-ms", "0"},
                        {"eat-ms", "20"}, {"hesitate-ms", "1"}, {"duration-ms", "0"}})
        REQUIRE(d.set_param_text(k, v));
    CHECK(view.object_name(ThreadState::WaitLock, d.lock_id(0)) == "(the noodles-and-fork lock)");
    CHECK(view.object_name(ThreadState::WaitLock, PhilosophersDemo::kWaiterId) == "(a seat: the waiter lets N-1 sit)");
    d.start();
    test::poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin);
    REQUIRE(d.deadlocked_now());
    const auto cycle = d.deadlock_cycle();
    REQUIRE(cycle.has_value());
    REQUIRE(cycle->self_wait());
    const std::string who = std::to_string(cycle->lanes[0] + 1);
    CHECK(view.banner() == "DEADLOCK: Scientist " + who + " waits for the noodles-and-fork lock held by itself");
    ui::set_language(Lang::Zh);
    CHECK(view.banner() == "死锁：科学家 " + who + " 等待 面条和叉子的锁，而这把锁正由它自己持有（自己锁死自己）");
    CHECK(view.object_name(ThreadState::WaitLock, d.lock_id(0)) == "（面条和叉子的锁）");
    CHECK(view.object_name(ThreadState::WaitLock, PhilosophersDemo::kWaiterId) == "（座位：服务员最多让 N-1 人坐下）");
    CHECK(draw_once(gui, view) > 200);
    ui::set_language(Lang::En);
    d.stop();
}

// Two locks taken in opposite orders: the inversion is worded from its edges.
TEST_CASE("PhilosophersView.Noodles.InversionInBothLanguages") {
    test::HeadlessImGui gui;
    PhilosophersDemo d;
    ui::PhilosophersView view(d);
    for (auto [k, v] : {std::pair{"variant", "noodles"}, {"locks", "two"}, {"philosophers", "2"}, {"think-ms", "0"},
                        {"hesitate-ms", "100"}, {"jitter", "off"}, {"duration-ms", "0"}})
        REQUIRE(d.set_param_text(k, v));
    d.start();
    test::poll_until(d, [&] { return d.deadlocked_now(); }, tl::test::kHappensWithin);
    REQUIRE(d.deadlocked_now());
    REQUIRE(d.first_inversion() != nullptr);
    const std::string en = view.banner();
    CHECK(en.find("waits for the noodles held by Scientist ") != std::string::npos);
    CHECK(en.find("waits for the fork held by Scientist ") != std::string::npos);
    d.stop();
    // Stopped: no banner; the panel's lock-order line words the inversion.
    CHECK(view.banner().empty());
    ui::set_language(Lang::Zh);
    ui::clear_missing_translations();
    CHECK(draw_once(gui, view) > 200);
    CHECK(ui::missing_translations().empty());
    ui::set_language(Lang::En);
}

TEST_CASE("PhilosophersView.LivelockBannerSaysWhatWasMeasured") {
    // Two polite philosophers kept in lockstep by an exact schedule: each takes its left fork,
    // finds the right one taken, puts its fork down, and again. Busy, and no meal.
    ui::set_language(Lang::En);
    PhilosophersDemo d;
    REQUIRE(d.set_param("philosophers", 2));
    REQUIRE(d.set_param_text("strategy", "trylock"));
    REQUIRE(d.set_param_text("jitter", "off"));
    REQUIRE(d.set_param("duration-ms", 0)); // no step limit
    std::vector<int> lockstep;
    for (int i = 0; i < 400; ++i) lockstep.push_back(i % 2);
    d.set_schedule({.mode = ScheduleMode::Replay, .schedule = lockstep, .then_step = true});
    d.start();
    REQUIRE(d.scheduler());
    REQUIRE(d.scheduler()->wait_quiescent() == Scheduler::Phase::Waiting);
    d.poll();
    REQUIRE(d.total_meals() == 0);
    REQUIRE(d.livelock_now());
    ui::PhilosophersView view(d);
    const std::string b = view.banner();
    CAPTURE(b);
    CHECK(b.find("LIVELOCK: everyone is busy, no meal in the last ") == 0);
    CHECK(b.find("(0 before that; no cycle)") != std::string::npos);
    d.stop();
}
