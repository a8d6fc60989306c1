// The lessons shipped in lessons/: every file loads clean in both languages, has its questions
// and experiments, and every experiment's preset sets exactly its own parameters.
#include <doctest/doctest.h>

#include <map>

#include "core/demo/registry.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "lessons_fixture.hpp"

using namespace tl;

namespace {

/// The source tree's lessons/ (the last candidate is the one CMake configured).
std::string shipped_dir() { return lesson_dir_candidates().back(); }

std::map<std::string, std::string> snapshot(const Demo& d) {
    std::map<std::string, std::string> m;
    for (const ParamSpec& s : d.params().specs()) m[s.key] = d.params().text(s.key);
    return m;
}

/// Applies `e`'s preset over the lesson's and checks that exactly the preset's keys changed.
void check_exact(const Lesson& l, const Experiment& e) {
    auto demo = make_demo(l.demo);
    REQUIRE(demo);
    std::string err;
    REQUIRE(apply_lesson_preset(*demo, l, &err));
    const auto before = snapshot(*demo);
    INFO(err);
    REQUIRE(apply_preset(*demo, e.preset, &err));
    const auto after = snapshot(*demo);
    std::map<std::string, std::string> want = before;
    for (const auto& [k, v] : e.preset) {
        REQUIRE(demo->params().find(k));
        // The value as the demo prints it ("true" is stored as "on", "1" as "on" for a switch).
        auto probe = make_demo(l.demo);
        REQUIRE(probe->set_param_text(k, v));
        want[k] = probe->params().text(k);
    }
    CHECK(after == want);
}

} // namespace

TEST_CASE("Lessons.Shipped.EveryLessonLoadsCleanInBothLanguages") {
    const LessonSet set = load_lessons(shipped_dir());
    for (const LessonError& e : set.errors()) FAIL_CHECK(e.text());
    REQUIRE(set.good_count() >= 13);
    for (const Lesson& l : set.lessons) {
        INFO(l.source);
        CHECK_FALSE(l.title.en.empty());
        CHECK_FALSE(l.title.zh.empty());
        CHECK_FALSE(l.body.en.empty());
        CHECK_FALSE(l.body.zh.empty());
        CHECK(l.questions.size() >= 2);
        if (!l.demo.empty()) CHECK(l.experiments.size() >= 2);
        for (const Question& q : l.questions)
            for (const Choice& c : q.choices) CHECK_FALSE(c.why.zh.empty());
    }
}

TEST_CASE("Lessons.Shipped.ExperimentPresetsSetExactlyTheirParameters") {
    const LessonSet set = load_lessons(shipped_dir());
    int checked = 0;
    for (const Lesson& l : set.lessons) {
        if (l.broken() || l.demo.empty()) continue;
        for (const Experiment& e : l.experiments) {
            INFO(l.source);
            check_exact(l, e);
            ++checked;
        }
    }
    CHECK(checked > 0);
}

// What each experiment claims is checked by `threadlab lessons verify` (the ctest entry
// Lessons.VerifyShipped runs it): an experiment that runs the demo must say what it should show.
TEST_CASE("Lessons.Shipped.EveryExperimentThatRunsTheDemoHasExpectations") {
    const LessonSet set = load_lessons(shipped_dir());
    int with = 0;
    for (const Lesson& l : set.lessons) {
        if (l.broken() || l.demo.empty()) continue;
        for (std::size_t i = 0; i < l.experiments.size(); ++i) {
            const Experiment& e = l.experiments[i];
            if (e.preset.empty()) continue; // a thought experiment
            INFO(l.source << " experiment " << i + 1);
            CHECK_FALSE(e.check.expect.empty());
            CHECK(e.check.at_least <= e.check.runs);
            ++with;
        }
    }
    CHECK(with >= 40);
}

TEST_CASE("Lessons.Preset.ExperimentSetsExactlyThoseParameters") {
    const Lesson l = parse_lesson(test::good_lesson(), "f.toml");
    REQUIRE_FALSE(l.broken());
    auto demo = make_demo("donation");
    REQUIRE(apply_lesson_preset(*demo, l));
    CHECK(demo->params().text("lock") == "off");
    CHECK(demo->params().value("donors") == 50);
    REQUIRE(demo->set_param("amount", 7)); // a change of the user's own survives the experiment
    const auto before = snapshot(*demo);
    REQUIRE(apply_preset(*demo, l.experiments[0].preset));
    auto after = snapshot(*demo);
    CHECK(after["lock"] == "on");
    CHECK(after["think-ms"] == "5");
    after["lock"] = before.at("lock");
    after["think-ms"] = before.at("think-ms");
    CHECK(after == before);
    CHECK(demo->params().value("amount") == 7);
    // Opening the lesson again starts from the defaults.
    REQUIRE(apply_lesson_preset(*demo, l));
    CHECK(demo->params().value("amount") == 100);
    CHECK(demo->params().text("lock") == "off");
}

TEST_CASE("Lessons.Preset.InvalidValueStopsWithTheCommandLineMessage") {
    auto demo = make_demo("donation");
    std::string err;
    CHECK_FALSE(apply_preset(*demo, {{"donors", "0"}}, &err));
    CHECK(err.find("--donors: 0 is out of range") == 0);
}

TEST_CASE("Lessons.Shipped.SavedSchedulesAndSeedsShowWhatTheySay") {
    // An experiment that names a schedule shows the same thing on every machine: its saved
    // schedule fits the run exactly, and a seeded one runs to its end. Both lose money here.
    const LessonSet set = load_lessons(shipped_dir());
    int scheduled = 0;
    for (const Lesson& l : set.lessons)
        for (const Experiment& e : l.experiments) {
            using Kind = ExperimentSchedule::Kind;
            if (e.schedule.kind != Kind::Replay && e.schedule.kind != Kind::Seeded) continue;
            CAPTURE(l.id);
            CAPTURE(e.text.en);
            ++scheduled;
            auto demo = make_demo(l.demo);
            std::string err;
            REQUIRE(apply_lesson_preset(*demo, l, &err));
            REQUIRE(apply_preset(*demo, e.preset, &err));
            if (e.schedule.kind == Kind::Replay)
                demo->set_schedule({.mode = ScheduleMode::Replay, .schedule = e.schedule.steps});
            else
                demo->set_schedule({.mode = ScheduleMode::Seeded, .seed = e.schedule.seed});
            demo->start();
            REQUIRE(demo->scheduler());
            CHECK(demo->scheduler()->wait_quiescent() == Scheduler::Phase::Finished);
            demo->stop();
            CHECK(demo->failures() == std::vector<std::string>{"lost_update"});
        }
    CHECK(scheduled >= 4);
}
