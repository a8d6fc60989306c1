// Challenges: the loader reads them and reports each mistake at file:line:column; a replayed
// (hand-made) run is judged by challenge_met; every shipped challenge is reachable, or proven
// impossible, by the explorer on its own configuration; progress keeps solved challenges.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/demo/registry.hpp"
#include "core/lessons/challenge.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/progress.hpp"
#include "core/sched/explorer.hpp"
#include "core/sched/schedule_text.hpp"
#include "lessons_fixture.hpp"

using namespace tl;

namespace {

/// A valid challenge block, appended to good_lesson() (32 lines): its lines are 32 to 39.
std::string challenge_block(const std::string& goal = "goal = { outcome = 1100 }") {
    return "[[challenges]]\n"                                                                   // 32
           "id = \"lose-one\"\n"                                                                // 33
           "title = { en = \"Lose one\", zh = \"丢一笔\" }\n"                                    // 34
           "text = { en = \"End at 1100\", zh = \"结果是 1100\" }\n"                              // 35
           "hints = [{ en = \"Read twice\", zh = \"读两次\" }, { en = \"Then write\", zh = \"再写\" }]\n" // 36
           "success = { en = \"Lost\", zh = \"丢了\" }\n"                                        // 37
           "preset = { donors = 2, lock = \"off\" }\n"                                          // 38
           + goal + "\n";                                                                       // 39
}

std::string lesson_with(const std::string& block) { return test::good_lesson() + block; }

/// The one error of a broken lesson text (parsed as "f.toml").
LessonError only_error(const std::string& text) {
    const Lesson l = parse_lesson(text, "f.toml");
    REQUIRE(l.broken());
    for (const auto& e : l.errors) INFO(e.text());
    REQUIRE(l.errors.size() == 1);
    return l.errors.front();
}

Challenge make(const Preset& preset, Goal goal) {
    Challenge c;
    c.id = "c";
    c.preset = preset;
    c.goal = std::move(goal);
    return c;
}

/// Runs `demo` to its end under exactly `schedule` (1-based text, as `threadlab explore` prints).
Scheduler::Phase replay(Demo& demo, const std::string& schedule) {
    std::string err;
    const auto steps = parse_schedule(schedule, &err);
    REQUIRE_MESSAGE(steps, err);
    demo.set_schedule({ScheduleMode::Replay, 1, *steps, false});
    demo.start();
    REQUIRE(demo.scheduler());
    return demo.scheduler()->wait_quiescent();
}

std::unique_ptr<Demo> donation(int donors) {
    auto d = make_demo("donation");
    REQUIRE(d->set_param_text("donors", std::to_string(donors)));
    REQUIRE(d->set_param_text("lock", "off"));
    REQUIRE(d->set_param_text("think-ms", "10"));
    return d;
}

} // namespace

// [SECTION] loading

TEST_CASE("Challenges.Loader.ReadsEveryPart") {
    const Lesson l = parse_lesson(lesson_with(challenge_block()), "f.toml");
    for (const auto& e : l.errors) INFO(e.text());
    REQUIRE_FALSE(l.broken());
    REQUIRE(l.challenges.size() == 1);
    const Challenge& c = l.challenges[0];
    CHECK(c.id == "lose-one");
    CHECK(c.title == Text{"Lose one", "丢一笔"});
    CHECK(c.text.zh == "结果是 1100");
    REQUIRE(c.hints.size() == 2);
    CHECK(c.hints[1] == Text{"Then write", "再写"});
    CHECK(c.success.en == "Lost");
    CHECK(c.preset == Preset{{"donors", "2"}, {"lock", "off"}});
    CHECK(c.goal.kind == Goal::Kind::Outcome);
    CHECK(c.goal.value == Json(1100));

    const Lesson m = parse_lesson(lesson_with(challenge_block("goal = { outcome_not = [1, 2] }")), "f.toml");
    REQUIRE_FALSE(m.broken());
    CHECK(m.challenges[0].goal.kind == Goal::Kind::OutcomeNot);
    CHECK(m.challenges[0].goal.value == Json::array({1, 2}));
    const Lesson f = parse_lesson(lesson_with(challenge_block("goal = { explore_none = \"lost_update\" }")), "f.toml");
    REQUIRE_FALSE(f.broken());
    CHECK(f.challenges[0].goal.kind == Goal::Kind::ExploreNone);
    CHECK(f.challenges[0].goal.failure == "lost_update");
}

TEST_CASE("Challenges.Loader.EachErrorHasFileLineAndColumn") {
    SUBCASE("unknown goal") {
        const auto e = only_error(lesson_with(challenge_block("goal = { outcom = 1100 }")));
        CHECK(e.file == "f.toml");
        CHECK(e.line == 39);
        CHECK(e.column == 10);
        CHECK(e.message.find("unknown goal 'outcom'") != std::string::npos);
        CHECK(e.message.find("explore_none") != std::string::npos); // lists the allowed ones
    }
    SUBCASE("outcome of the wrong type") {
        const auto e = only_error(lesson_with(challenge_block("goal = { outcome = \"1100\" }")));
        CHECK(e.line == 39);
        CHECK(e.column == 20);
        CHECK(e.message.find("expected an integer or a list of integers") != std::string::npos);
    }
    SUBCASE("failure of the wrong type") {
        const auto e = only_error(lesson_with(challenge_block("goal = { failure = 3 }")));
        CHECK(e.line == 39);
        CHECK(e.column == 20);
        CHECK(e.message.find("expected a failure kind") != std::string::npos);
    }
    SUBCASE("unknown failure kind") {
        const auto e = only_error(lesson_with(challenge_block("goal = { failure = \"livelock\" }")));
        CHECK(e.line == 39);
        CHECK(e.column == 20);
        CHECK(e.message.find("unknown failure kind 'livelock'") != std::string::npos);
    }
    SUBCASE("two goals") {
        const auto e = only_error(lesson_with(challenge_block("goal = { outcome = 1, failure = \"deadlock\" }")));
        CHECK(e.line == 39);
        CHECK(e.message.find("one goal per challenge") != std::string::npos);
    }
    SUBCASE("goal not a table") {
        const auto e = only_error(lesson_with(challenge_block("goal = 1100")));
        CHECK(e.line == 39);
        CHECK(e.column == 8);
    }
    SUBCASE("a preset value out of range") {
        std::string t = test::replace_line(lesson_with(challenge_block()), 38, "preset = { donors = 0 }");
        const auto e = only_error(t);
        CHECK(e.line == 38);
        CHECK(e.column == 21);
        CHECK(e.message.find("donors") != std::string::npos);
    }
    SUBCASE("an unknown parameter") {
        const auto e = only_error(test::replace_line(lesson_with(challenge_block()), 38, "preset = { donor = 2 }"));
        CHECK(e.line == 38);
        CHECK(e.column == 12);
        CHECK(e.message.find("unknown parameter 'donor'") != std::string::npos);
    }
    SUBCASE("an unknown key in a challenge") {
        const auto e = only_error(test::replace_line(lesson_with(challenge_block()), 37,
                                                     "success = { en = \"Lost\", zh = \"丢了\" }\nsucess = 1"));
        CHECK(e.line == 38);
        CHECK(e.column == 1);
        CHECK(e.message.find("unknown key 'sucess' in challenge 1") != std::string::npos);
    }
    SUBCASE("a hint in one language") {
        const auto e = only_error(test::replace_line(lesson_with(challenge_block()), 36, "hints = [{ en = \"Read twice\" }]"));
        CHECK(e.line == 36);
        CHECK(e.message.find("missing language 'zh'") != std::string::npos);
    }
    SUBCASE("four hints") {
        const auto e = only_error(test::replace_line(
            lesson_with(challenge_block()), 36,
            "hints = [{ en = \"a\", zh = \"甲\" }, { en = \"b\", zh = \"乙\" }, { en = \"c\", zh = \"丙\" }, { en = \"d\", zh = \"丁\" }]"));
        CHECK(e.line == 36);
        CHECK(e.message.find("at most 3 hints") != std::string::npos);
    }
    SUBCASE("a duplicate challenge id") {
        const Lesson l = parse_lesson(lesson_with(challenge_block() + challenge_block()), "f.toml");
        REQUIRE(l.broken());
        REQUIRE(l.errors.size() == 1);
        CHECK(l.errors[0].line == 41);
        CHECK(l.errors[0].message.find("duplicate challenge id 'lose-one'") != std::string::npos);
    }
    SUBCASE("a demo that cannot be stepped") {
        std::string t = test::replace_line(lesson_with(challenge_block()), 3, "demo = \"pool\"");
        t = test::replace_line(t, 11, "");
        t = test::replace_line(t, 12, "");
        t = test::replace_line(t, 16, "");
        const auto e = only_error(t);
        CHECK(e.line == 32);
        CHECK(e.message.find("challenges need a demo that can be stepped") != std::string::npos);
    }
}

// [SECTION] judging hand-made runs

TEST_CASE("Challenges.Met.DonationRunsJudgedByTheirOutcome") {
    const Challenge lose = make({{"donors", "2"}}, {Goal::Kind::Outcome, 1100, ""});
    const Challenge other = make({{"donors", "2"}}, {Goal::Kind::OutcomeNot, 1100, ""});
    const Challenge lost = make({{"donors", "2"}}, {Goal::Kind::Failure, nullptr, "lost_update"});
    const Challenge never = make({{"donors", "2"}}, {Goal::Kind::ExploreNone, nullptr, "lost_update"});
    auto d = donation(2);
    CHECK_FALSE(challenge_met(lose, *d)); // no run yet

    // Both read 1000 before either writes: 1100.
    REQUIRE(replay(*d, "1 2 1 1 2 2 1 1 2 2 1") == Scheduler::Phase::Finished);
    CHECK(d->outcome() == Json(1100));
    CHECK(challenge_met(lose, *d));
    CHECK(challenge_met(lost, *d));
    CHECK_FALSE(challenge_met(other, *d));
    CHECK_FALSE(challenge_met(never, *d)); // one run proves nothing
    d->stop();

    // One after the other: 1200, nothing lost.
    REQUIRE(replay(*d, "1 2 1 1 1 1 2 2 2 2 1") == Scheduler::Phase::Finished);
    CHECK(d->outcome() == Json(1200));
    CHECK_FALSE(challenge_met(lose, *d));
    CHECK_FALSE(challenge_met(lost, *d));
    CHECK(challenge_met(other, *d));
    d->stop();

    // The same 1100 with other parameters in force does not count.
    REQUIRE(d->set_param_text("think-ms", "5"));
    REQUIRE(replay(*d, "1 2 1 1 2 2 1 1 2 2 1") == Scheduler::Phase::Finished);
    CHECK(challenge_met(lose, *d));
    CHECK_FALSE(challenge_met(make({{"donors", "2"}, {"think-ms", "10"}}, {Goal::Kind::Outcome, 1100, ""}), *d));
    d->stop();
}

TEST_CASE("Challenges.Met.PhilosophersDeadlockIsTheSchedulersPhase") {
    const Preset preset{{"philosophers", "2"}, {"strategy", "naive"}, {"meals", "1"}};
    const Challenge stuck = make(preset, {Goal::Kind::Failure, nullptr, "deadlock"});
    const Challenge fed = make(preset, {Goal::Kind::Outcome, Json::array({1, 1}), ""});
    auto d = make_demo("philosophers");
    for (const auto& [k, v] : preset) REQUIRE(d->set_param_text(k, v));

    REQUIRE(replay(*d, "1 1 2 2 1 1 2 2 1 2") == Scheduler::Phase::Deadlocked);
    CHECK(challenge_met(stuck, *d));
    CHECK_FALSE(challenge_met(fed, *d));
    d->stop();

    REQUIRE(replay(*d, "1 1 2 2 1 1 1 1 1 1 2 2 2 2 2 2") == Scheduler::Phase::Finished);
    CHECK_FALSE(challenge_met(stuck, *d));
    CHECK(challenge_met(fed, *d));
    d->stop();
}

TEST_CASE("Challenges.Met.LiveRunsNeverCount") {
    auto d = donation(2);
    d->start(); // live: no scheduler, nothing to judge
    d->stop();
    CHECK(d->scheduler() == nullptr);
    CHECK_FALSE(challenge_met(make({{"donors", "2"}}, {Goal::Kind::OutcomeNot, 0, ""}), *d));
}

// [SECTION] every shipped challenge, against the explorer

TEST_CASE("Challenges.EveryShippedGoalIsReachableOrProvenImpossible") {
    const LessonSet set = load_lessons(lesson_dir_candidates().back());
    for (const LessonError& e : set.errors()) FAIL_CHECK(e.text());
    std::size_t count = 0, impossible = 0;
    for (const Lesson& l : set.lessons) {
        for (const Challenge& c : l.challenges) {
            ++count;
            INFO(l.id << "/" << c.id);
            CHECK_FALSE(c.title.zh.empty());
            CHECK_FALSE(c.text.zh.empty());
            CHECK_FALSE(c.success.zh.empty());
            CHECK(c.hints.size() >= 1);
            std::string err;
            auto d = make_challenge_demo(l.demo, l.preset, c, &err);
            REQUIRE_MESSAGE(d, err);
            ExploreLimits limits;
            limits.max_seconds = 240; // a generous safety net: each search takes seconds
            const ExploreReport r = explore(*d, limits);
            INFO(r.to_json().dump());
            if (c.goal.kind == Goal::Kind::ExploreNone) {
                ++impossible;
                CHECK(r.complete); // a proof, not a budget running out
                CHECK(proven_unreachable(c.goal, r));
                continue;
            }
            REQUIRE(goal_reached(c.goal, r));
            // The explorer's shortest way there, replayed, is judged met: stepping it by hand works.
            std::vector<int> way;
            for (const ExploreOutcome& o : r.outcomes)
                if ((c.goal.kind == Goal::Kind::Outcome && o.result == c.goal.value) ||
                    (c.goal.kind == Goal::Kind::OutcomeNot && !o.result.is_string() && o.result != c.goal.value))
                    way = o.shortest;
            for (const ExploreFailure& f : r.failures)
                if (c.goal.kind == Goal::Kind::Failure && f.kind == c.goal.failure) way = f.shortest;
            REQUIRE_FALSE(way.empty());
            auto fresh = make_challenge_demo(l.demo, l.preset, c, &err);
            REQUIRE(replay(*fresh, format_schedule(way)) != Scheduler::Phase::Failed);
            CHECK(challenge_met(c, *fresh));
            fresh->stop();
        }
    }
    CHECK(count >= 8);
    CHECK(impossible >= 3);
}

TEST_CASE("Challenges.ExplorerJudgesEachGoalKind") {
    ExploreReport r;
    r.complete = true;
    r.outcomes = {{1100, 2, {}}, {1200, 2, {}}, {"deadlock", 1, {}}};
    r.failures = {{"lost_update", 2, {}}};
    CHECK(goal_reached({Goal::Kind::Outcome, 1100, ""}, r));
    CHECK_FALSE(goal_reached({Goal::Kind::Outcome, 1300, ""}, r));
    CHECK(goal_reached({Goal::Kind::OutcomeNot, 1100, ""}, r));
    r.outcomes = {{1100, 2, {}}, {"deadlock", 1, {}}};
    CHECK_FALSE(goal_reached({Goal::Kind::OutcomeNot, 1100, ""}, r)); // a deadlock is no outcome
    CHECK(goal_reached({Goal::Kind::Failure, nullptr, "lost_update"}, r));
    CHECK_FALSE(proven_unreachable({Goal::Kind::ExploreNone, nullptr, "lost_update"}, r));
    CHECK(proven_unreachable({Goal::Kind::ExploreNone, nullptr, "deadlock"}, r));
    r.complete = false; // a budget ran out: no proof
    CHECK_FALSE(proven_unreachable({Goal::Kind::ExploreNone, nullptr, "deadlock"}, r));
}

// [SECTION] progress

TEST_CASE("Challenges.Progress.SolvedSurviveARestartAndOldFilesLoad") {
    test::TempDir dir("challenge-progress");
    const std::string path = (dir.path / "progress.toml").string();
    Progress p;
    p.visit("donation-race");
    p.solve("donation-race", "lose-one");
    p.solve("donation-race", "lose-two");
    p.solve("mutex", "lock-holds");
    REQUIRE(save_progress(p, path, nullptr));
    std::string warning;
    const Progress back = load_progress(path, &warning);
    CHECK(warning.empty());
    CHECK(back == p);
    CHECK(back.solved("donation-race", "lose-two"));
    CHECK(back.solved("mutex", "lock-holds"));
    CHECK_FALSE(back.solved("mutex", "lose-one"));
    Progress less = p;
    less.lessons["mutex"].solved.clear();
    CHECK_FALSE(less == p); // solved challenges are part of the comparison

    // A file from before challenges: no 'solved' key.
    const std::string old = dir.write("old.toml", "version = 1\n[lessons.donation-race]\nvisited = true\ntried = [0]\n"
                                                  "answers = [{ question = 0, choice = 1, correct = true }]\n");
    const Progress o = load_progress(old, &warning);
    CHECK(warning.empty());
    CHECK(o.visited("donation-race"));
    CHECK(o.tried("donation-race", 0));
    CHECK_FALSE(o.solved("donation-race", "lose-one"));

    const std::string bad = dir.write("bad.toml", "[lessons.x]\nsolved = [1]\n");
    load_progress(bad, &warning);
    CHECK(warning.find("bad.toml:2:11") != std::string::npos);
}
