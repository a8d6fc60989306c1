// The Explore window: a search on a background thread from the panel's buttons, its results
// (outcomes, failures, completeness), Show (a replay of the shortest schedule in the real demo),
// cancel and join on every way out, and the window drawn in both languages.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/ui/explore_panel.hpp"
#include "app/ui/i18n.hpp"
#include "app/ui/lab_view.hpp"
#include "core/demo/registry.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

std::unique_ptr<Demo> demo_with(const char* id, std::initializer_list<std::pair<const char*, const char*>> params) {
    std::unique_ptr<Demo> d = make_demo(id);
    REQUIRE(d);
    for (auto [k, v] : params) REQUIRE(d->set_param_text(k, v));
    return d;
}

const ExploreOutcome* find_outcome(const ExploreReport& r, const Json& result) {
    for (const ExploreOutcome& o : r.outcomes)
        if (o.result == result) return &o;
    return nullptr;
}

const ExploreFailure* find_failure(const ExploreReport& r, const std::string& kind) {
    for (const ExploreFailure& f : r.failures)
        if (f.kind == kind) return &f;
    return nullptr;
}

/// One frame of the panel alone; returns the vertices.
int draw_panel(test::HeadlessImGui& gui, ui::ExplorePanel& panel, Demo& d) {
    gui.new_frame();
    panel.frame(&d);
    return gui.render();
}

/// Restores English when a test ends, whatever it checked.
struct EnglishAfter {
    ~EnglishAfter() { ui::set_language(Lang::En); }
};

} // namespace

TEST_CASE("ExplorePanel.DonationTwoDonorsCompletesWithBothOutcomes") {
    test::HeadlessImGui gui;
    auto d = demo_with("donation", {{"donors", "2"}});
    ui::ExplorePanel panel;
    panel.open();
    CHECK(panel.size_warning(*d).empty());
    REQUIRE(panel.request(*d)); // small: no question asked
    CHECK(panel.exploring());
    draw_panel(gui, panel, *d); // drawn while it runs
    panel.wait();
    CHECK_FALSE(panel.exploring());
    const ExploreReport* r = panel.report();
    REQUIRE(r);
    CHECK(r->complete);
    CHECK(r->outcomes.size() == 2);
    const ExploreOutcome* lost = find_outcome(*r, 1100);
    const ExploreOutcome* right = find_outcome(*r, 1200);
    REQUIRE(lost);
    REQUIRE(right);
    CHECK(lost->count > 0);
    CHECK(right->count > 0);
    CHECK(ui::outcome_label(lost->result) == "1100");
    const ExploreFailure* f = find_failure(*r, "lost_update");
    REQUIRE(f);
    CHECK(f->count == lost->count);
    CHECK(ui::failure_words(f->kind) == "lost update");
    CHECK(draw_panel(gui, panel, *d) > 500); // bars, counts and Show buttons
    // The search ran on its own instance: the demo on screen never started.
    CHECK_FALSE(d->started());
}

TEST_CASE("ExplorePanel.DonationWithTheLockHasOnlyTheRightBalance") {
    auto d = demo_with("donation", {{"donors", "2"}, {"lock", "on"}});
    ui::ExplorePanel panel;
    REQUIRE(panel.request(*d));
    panel.wait();
    const ExploreReport* r = panel.report();
    REQUIRE(r);
    CHECK(r->complete);
    REQUIRE(r->outcomes.size() == 1);
    CHECK(r->outcomes[0].result == 1200);
    CHECK(r->failures.empty());
}

TEST_CASE("ExplorePanel.NaivePhilosophersDeadlock") {
    auto d = demo_with("philosophers", {{"philosophers", "2"}, {"strategy", "naive"}, {"meals", "1"}});
    ui::ExplorePanel panel;
    REQUIRE(panel.request(*d));
    panel.wait();
    const ExploreReport* r = panel.report();
    REQUIRE(r);
    CHECK(r->complete);
    const ExploreFailure* f = find_failure(*r, "deadlock");
    REQUIRE(f);
    CHECK(f->count > 0);
    CHECK(ui::failure_words("deadlock") == "deadlock");
    const ExploreOutcome* dl = find_outcome(*r, "deadlock");
    REQUIRE(dl);
    CHECK(ui::outcome_label(dl->result) == "deadlock");
    const ExploreOutcome* fed = find_outcome(*r, Json::array({1, 1}));
    REQUIRE(fed);
    CHECK(ui::outcome_label(fed->result) == "1 / 1");
}

TEST_CASE("ExplorePanel.QueueOutcomesInWords") {
    auto d = demo_with("queue", {{"items", "1"}});
    ui::ExplorePanel panel;
    CHECK(panel.size_warning(*d).empty());
    REQUIRE(panel.request(*d));
    panel.wait();
    REQUIRE(panel.report());
    CHECK(panel.report()->complete);
    REQUIRE_FALSE(panel.report()->outcomes.empty());
    CHECK(ui::outcome_label(panel.report()->outcomes.back().result) == "delivered 2");
    CHECK(ui::outcome_label(Json{{"delivered", 3}, {"lost", 0}, {"dropped", 1}}) == "delivered 3, dropped 1");
    CHECK(ui::failure_words("item_lost") == "lost item");
    CHECK(panel.size_warning(*demo_with("queue", {{"items", "2"}})).find("Items is 2 and Producers is 2") != std::string::npos);
}

TEST_CASE("ExplorePanel.ShowReplaysTheShortestScheduleInTheLab") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.select("donation"));
    Demo* d = lab.current_demo();
    REQUIRE(d);
    REQUIRE(d->set_param("donors", 2));
    ui::ExplorePanel& panel = lab.explorer();
    panel.open();
    REQUIRE(panel.request(*d));
    panel.wait();
    REQUIRE(panel.report());
    const ExploreOutcome* lost = find_outcome(*panel.report(), 1100);
    REQUIRE(lost);
    const std::vector<int> shortest = lost->shortest;
    REQUIRE(!shortest.empty());

    // A frame of the lab hands the panel its launcher (the step controls), as the window does.
    gui.new_frame();
    lab.frame();
    gui.render();
    panel.show(*d, shortest);
    CHECK(d->schedule_config().mode == ScheduleMode::Replay);
    CHECK(d->schedule_config().schedule == shortest);
    CHECK(d->schedule_config().then_step);
    CHECK_FALSE(panel.is_open()); // out of the way of the replay
    REQUIRE(lab.step_control());
    CHECK(lab.step_control()->mode() == ScheduleMode::Step); // the next Start steps too
    // The replay reaches that very outcome (the schedule runs every donor to its end).
    REQUIRE(d->scheduler());
    for (int i = 0; i < 2000 && d->running() && d->scheduler()->phase() == Scheduler::Phase::Running; ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    d->stop();
    CHECK(d->outcome() == 1100);
    CHECK(d->scheduler()->schedule() == shortest);
    // Results of one configuration are not for another: Show is refused once a parameter changes.
    CHECK_FALSE(panel.stale(*d));
    REQUIRE(d->set_param("donors", 3));
    CHECK(panel.stale(*d));
}

TEST_CASE("ExplorePanel.LargeConfigurationAsksFirstAndOffersABound") {
    test::HeadlessImGui gui;
    auto d = demo_with("donation", {{"donors", "6"}});
    ui::ExplorePanel panel;
    panel.open();
    CHECK(panel.size_warning(*d).find("Donors is 6") != std::string::npos);
    CHECK_FALSE(panel.request(*d));
    CHECK(panel.confirming());
    CHECK_FALSE(panel.exploring());
    CHECK(draw_panel(gui, panel, *d) > 200);
    // The rules name what makes it large, in the variant they are for.
    auto rounds = demo_with("donation", {{"donors", "3"}, {"rounds", "2"}});
    CHECK(panel.size_warning(*rounds).find("Donors is 3 and Rounds is 2") != std::string::npos);
    CHECK(panel.size_warning(*demo_with("donation", {{"donors", "3"}})).empty());
    auto balance = demo_with("donation", {{"variant", "balance"}, {"iterations", "2"}}); // 50 donors: not this variant's
    CHECK(panel.size_warning(*balance).empty());
    REQUIRE(balance->set_param("iterations", 1000));
    CHECK(panel.size_warning(*balance).find("Iterations is 1000") != std::string::npos);
    CHECK(panel.size_warning(*demo_with("philosophers", {{"variant", "noodles"}, {"meals", "1"}})).empty());
    CHECK(panel.size_warning(*demo_with("philosophers", {{"philosophers", "5"}, {"meals", "1"}})).find("Philosophers is 5") !=
          std::string::npos);
    // Philosophers with no meal limit never finish a run: said too.
    auto p = demo_with("philosophers", {{"philosophers", "3"}, {"meals", "0"}});
    CHECK(panel.size_warning(*p).find("no limit") != std::string::npos);
    // A bounded search is not complete, and says why.
    auto small = demo_with("philosophers", {{"philosophers", "3"}, {"meals", "1"}});
    REQUIRE(panel.begin(*small, 0));
    CHECK_FALSE(panel.confirming());
    panel.wait();
    REQUIRE(panel.report());
    CHECK_FALSE(panel.report()->complete);
    CHECK(panel.report()->stopped_by == "preemption bound");
}

TEST_CASE("ExplorePanel.CancelJoinsAndKeepsWhatWasFound") {
    auto d = demo_with("donation", {{"donors", "6"}}); // far too many orders for the budget
    {
        ui::ExplorePanel panel;
        REQUIRE(panel.begin(*d));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        panel.cancel();
        CHECK_FALSE(panel.exploring());
        REQUIRE(panel.report());
        CHECK_FALSE(panel.report()->complete);
        CHECK(panel.report()->stopped_by == "cancelled");
        CHECK(ui::stopped_words("cancelled") == "cancelled");
        // Forget drops it all.
        panel.forget();
        CHECK(panel.report() == nullptr);
    }
    {
        ui::ExplorePanel panel;
        REQUIRE(panel.begin(*d));
    } // the destructor cancels and joins (a hang fails the timeout; TSan checks the rest)
    // Another demo on screen: the search of the first is cancelled and its results dropped.
    test::HeadlessImGui gui;
    auto other = demo_with("philosophers", {{"philosophers", "2"}, {"meals", "1"}});
    ui::ExplorePanel panel;
    REQUIRE(panel.begin(*d));
    draw_panel(gui, panel, *other);
    CHECK_FALSE(panel.exploring());
    CHECK(panel.report() == nullptr);
}

TEST_CASE("ExplorePanel.ResetInTheLabCancelsTheSearch") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.select("donation"));
    Demo* d = lab.current_demo();
    REQUIRE(d->set_param("donors", 6));
    REQUIRE(lab.explorer().begin(*d));
    gui.new_frame();
    lab.frame();
    gui.render();
    CHECK(lab.explorer().exploring());
    ImGui::GetIO().KeysDown['R'] = true; // the R key: reset
    gui.new_frame();
    lab.frame();
    gui.render();
    ImGui::GetIO().KeysDown['R'] = false;
    CHECK_FALSE(lab.explorer().exploring());
    REQUIRE(lab.explorer().report());
    CHECK(lab.explorer().report()->stopped_by == "cancelled");
}

TEST_CASE("ExplorePanel.DrawsInEnglishAndChineseWithEveryStringTranslated") {
    EnglishAfter after;
    for (Lang lang : {Lang::En, Lang::Zh}) {
        CAPTURE(static_cast<int>(lang));
        test::HeadlessImGui gui;
        ui::set_language(lang);
        REQUIRE(ui::language() == lang);
        ui::clear_missing_translations();
        auto d = demo_with("philosophers", {{"philosophers", "2"}, {"strategy", "naive"}, {"meals", "1"}});
        ui::ExplorePanel panel;
        panel.open();
        CHECK(draw_panel(gui, panel, *d) > 100); // before any search
        REQUIRE(panel.begin(*d));
        draw_panel(gui, panel, *d); // while it runs (Cancel, progress)
        panel.wait();
        // Finished: outcomes (a deadlock among them), failures, completeness.
        CHECK(draw_panel(gui, panel, *d) > 500);
        REQUIRE(d->set_param("meals", 0)); // stale results and, asked again, the size warning
        CHECK_FALSE(panel.request(*d));
        CHECK(draw_panel(gui, panel, *d) > 500);
        // A search that ran out of budget, and the bound offered then.
        panel.limits.max_schedules = 3;
        REQUIRE(d->set_param("meals", 1));
        REQUIRE(panel.begin(*d));
        panel.wait();
        REQUIRE(panel.report());
        CHECK(panel.report()->stopped_by == "schedules");
        CHECK(draw_panel(gui, panel, *d) > 500);
        // Every way a search can end, and every failure, in words.
        for (const char* why : {"schedules", "time", "preemption bound", "cancelled", "step limit"}) (void)ui::stopped_words(why);
        for (const char* kind : {"deadlock", "lost_update", "item_lost", "item_duplicated", "order_broken"}) (void)ui::failure_words(kind);
        (void)ui::outcome_label("step limit");
        (void)ui::outcome_label(Json{{"delivered", 1}, {"lost", 1}, {"duplicated", 1}, {"dropped", 1}});
        auto pool = make_demo("pool"); // no control: the window says so
        REQUIRE(pool);
        REQUIRE_FALSE(pool->supports_control());
        panel.forget();
        panel.open();
        draw_panel(gui, panel, *pool);
        INFO("missing from assets/i18n/zh_CN.po:\n" << [] {
            std::string s;
            for (const auto& m : ui::missing_translations()) s += "  " + m + "\n";
            return s;
        }());
        CHECK(ui::missing_translations().empty());
        if (lang == Lang::Zh) CHECK(ui::failure_words("lost_update") != "lost update");
    }
}
