// A lesson's experiment that names a schedule puts the window into it: a saved schedule is
// replayed (same result on every machine) and can then be stepped; a seed sets the combo; an
// experiment without one is live again.
#include <doctest/doctest.h>

#include "app/ui/lab_view.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {
/// Index of the first experiment of the current lesson with this kind of schedule.
std::size_t experiment_with(const ui::LabView& lab, ExperimentSchedule::Kind kind) {
    const Lesson* l = lab.lessons().current_lesson();
    REQUIRE(l);
    for (std::size_t i = 0; i < l->experiments.size(); ++i)
        if (l->experiments[i].schedule.kind == kind) return i;
    FAIL("no such experiment");
    return 0;
}
} // namespace

TEST_CASE("LessonSchedules.SavedScheduleReplaysThenSeedThenLiveAgain") {
    test::HeadlessImGui gui;
    ui::LabView lab(ui::Settings{}, "");
    REQUIRE(lab.select("donation-race"));
    Demo& d = *lab.current_demo();

    REQUIRE(lab.apply_experiment(experiment_with(lab, ExperimentSchedule::Kind::Replay)));
    REQUIRE(d.scheduler());
    CHECK(d.schedule_config().mode == ScheduleMode::Replay);
    CHECK(d.scheduler()->wait_quiescent() == Scheduler::Phase::Finished);
    d.stop();
    CHECK(d.outcome() == Json(1100)); // the lesson's text says 1100 instead of 1300
    CHECK(lab.step_control()->next_config().mode == ScheduleMode::Step);

    REQUIRE(lab.apply_experiment(experiment_with(lab, ExperimentSchedule::Kind::Seeded)));
    CHECK(lab.step_control()->next_config().mode == ScheduleMode::Seeded);
    CHECK(lab.step_control()->next_config().seed == 7);
    lab.start();
    REQUIRE(d.scheduler());
    CHECK(d.scheduler()->wait_quiescent() == Scheduler::Phase::Finished);
    d.stop();
    const Json first = d.outcome();
    lab.start();
    d.scheduler()->wait_quiescent();
    d.stop();
    CHECK(d.outcome() == first); // the same seed, the same result

    REQUIRE(lab.apply_experiment(0)); // no schedule: live
    CHECK(lab.step_control()->next_config().mode == ScheduleMode::Live);
    lab.stop();
}
