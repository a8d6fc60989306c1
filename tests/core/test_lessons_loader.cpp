// The lesson loader: a good file loads completely; each validation error, made on purpose, is
// reported with its file, line and column; a broken file is an error entry and the others load.
#include <doctest/doctest.h>

#include "core/demo/registry.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "lessons_fixture.hpp"

using namespace tl;
using test::good_lesson;
using test::replace_line;

namespace {

/// The one error of a broken lesson text (parsed as "f.toml").
LessonError only_error(const std::string& text) {
    const Lesson l = parse_lesson(text, "f.toml");
    REQUIRE(l.broken());
    INFO(l.errors.front().text());
    REQUIRE(l.errors.size() == 1);
    return l.errors.front();
}

} // namespace

TEST_CASE("Lessons.Loader.GoodFileLoadsEveryPart") {
    const Lesson l = parse_lesson(good_lesson(), "f.toml");
    for (const auto& e : l.errors) INFO(e.text());
    REQUIRE_FALSE(l.broken());
    CHECK(l.id == "race");
    CHECK(l.order == 10);
    CHECK(l.demo == "donation");
    CHECK(l.title == Text{"The race", "竞赛"});
    CHECK(l.title.get(Lang::Zh) == "竞赛");
    CHECK(l.body.en.find("# Heading") == 0);
    CHECK(l.body.get(Lang::Zh) == "正文");
    CHECK(l.preset == Preset{{"lock", "off"}, {"donors", "50"}});
    REQUIRE(l.experiments.size() == 2);
    CHECK(l.experiments[0].text.zh == "加锁");
    CHECK(l.experiments[0].look_for.en == "6000");
    CHECK(l.experiments[0].preset == Preset{{"lock", "on"}, {"think-ms", "5"}}); // true -> "on"
    CHECK(l.experiments[1].preset.empty());
    REQUIRE(l.questions.size() == 1);
    REQUIRE(l.questions[0].choices.size() == 2);
    CHECK(l.questions[0].choices[0].correct);
    CHECK_FALSE(l.questions[0].choices[1].correct); // `correct` may be left out: false
    CHECK(l.questions[0].choices[1].why.zh == "不对");
    REQUIRE(l.glossary.size() == 1);
    CHECK(l.glossary[0].term.en == "race");
    CHECK(l.source == "f.toml");
}

TEST_CASE("Lessons.Loader.EachErrorHasFileLineAndColumn") {
    const std::string g = good_lesson();
    SUBCASE("unknown key at the top") {
        const auto e = only_error(replace_line(g, 3, "demo = \"donation\"\ntittle = 1"));
        CHECK(e.file == "f.toml");
        CHECK(e.line == 4);
        CHECK(e.column == 1);
        CHECK(e.message.find("unknown key 'tittle'") != std::string::npos);
    }
    SUBCASE("unknown key inside an experiment") {
        const auto e = only_error(replace_line(g, 15, "look_for = { en = \"6000\", zh = \"六千\" }\nlookfor = 1"));
        CHECK(e.line == 16);
        CHECK(e.message.find("unknown key 'lookfor' in experiment 1") != std::string::npos);
    }
    SUBCASE("a schedule that is not one") {
        const auto bad = [&](const std::string& line, int column, const std::string& says) {
            CAPTURE(line);
            const auto e = only_error(replace_line(g, 16, "preset = { lock = true, think-ms = 5 }\n" + line));
            CHECK(e.line == 17);
            CHECK(e.column == column);
            CHECK(e.message.find(says) != std::string::npos);
        };
        bad("schedule = \"sometimes\"", 12, "expected \"live\", \"step\"");
        bad("schedule = { seed = -3 }", 21, "seed must be a whole number");
        bad("schedule = { steps = \"1 x\" }", 22, "step 2: 'x' is not a thread number");
        bad("schedule = { steps = \"\" }", 22, "no steps");
        bad("schedule = { speed = 3 }", 14, "unknown key 'speed'");
    }
    SUBCASE("unknown language key inside a text") {
        const auto e = only_error(replace_line(g, 4, "title = { en = \"T\", zh = \"标\", fr = \"Le\" }"));
        CHECK(e.line == 4);
        CHECK(e.column == 31); // columns count characters, not bytes
        CHECK(e.message.find("unknown key 'fr'") != std::string::npos);
    }
    SUBCASE("missing language") {
        const auto e = only_error(replace_line(g, 18, "text = { en = \"Think\" }"));
        CHECK(e.line == 18);
        CHECK(e.column == 8);
        CHECK(e.message.find("missing language 'zh'") != std::string::npos);
        CHECK(e.message.find("experiment 2 text") != std::string::npos);
    }
    SUBCASE("missing language in a dotted body") {
        const auto e = only_error(replace_line(g, 9, ""));
        CHECK(e.line == 5);
        CHECK(e.message.find("body: missing language 'zh'") != std::string::npos);
    }
    SUBCASE("a text given as a plain string") {
        const auto e = only_error(replace_line(g, 4, "title = \"The race\""));
        CHECK(e.line == 4);
        CHECK(e.column == 9);
        CHECK(e.message.find("both languages") != std::string::npos);
    }
    SUBCASE("unknown demo") {
        // One error: presets that cannot be checked against a demo that does not exist are not
        // reported a second time.
        const auto e = only_error(replace_line(g, 3, "demo = \"donations\""));
        CHECK(e.line == 3);
        CHECK(e.column == 8);
        CHECK(e.message.find("unknown demo 'donations'") != std::string::npos);
        CHECK(e.message.find("known: donation") != std::string::npos);
    }
    SUBCASE("unknown parameter in the lesson preset") {
        const auto e = only_error(replace_line(g, 12, "donor = 50"));
        CHECK(e.line == 12);
        CHECK(e.column == 1);
        CHECK(e.message.find("unknown parameter 'donor'") != std::string::npos);
        CHECK(e.message.find("donors") != std::string::npos);
    }
    SUBCASE("unknown parameter in an experiment preset") {
        const auto e = only_error(replace_line(g, 16, "preset = { lock = true, thinkms = 5 }"));
        CHECK(e.line == 16);
        CHECK(e.column == 25);
        CHECK(e.message.find("unknown parameter 'thinkms'") != std::string::npos);
    }
    SUBCASE("value out of range: the command line's message") {
        const auto e = only_error(replace_line(g, 12, "donors = 5000"));
        CHECK(e.line == 12);
        CHECK(e.column == 10);
        auto d = make_demo("donation");
        std::string cli;
        REQUIRE_FALSE(d->set_param_text("donors", "5000", &cli));
        CHECK(e.message == cli);
    }
    SUBCASE("bad choice name") {
        const auto e = only_error(replace_line(g, 11, "lock = \"maybe\""));
        CHECK(e.line == 11);
        CHECK(e.message.find("on|off") != std::string::npos);
    }
    SUBCASE("order not an integer") {
        const auto e = only_error(replace_line(g, 2, "order = \"ten\""));
        CHECK(e.line == 2);
        CHECK(e.column == 9);
        CHECK(e.message.find("'order' must be an integer") != std::string::npos);
    }
    SUBCASE("missing id") {
        const auto e = only_error(replace_line(g, 1, ""));
        CHECK(e.line == 1);
        CHECK(e.message.find("missing 'id'") != std::string::npos);
    }
    SUBCASE("a question without a correct choice") {
        const auto e = only_error(replace_line(g, 24, ""));
        CHECK(e.line == 20);
        CHECK(e.message.find("question 1: no choice is marked correct") != std::string::npos);
    }
    SUBCASE("a question with one choice") {
        std::string one = g.substr(0, g.find("[[questions.choices]]\ntext = { en = \"Bad"));
        one += "[[glossary]]\nterm = { en = \"race\", zh = \"竞态\" }\nmeaning = { en = \"t\", zh = \"时\" }\n";
        const auto e = only_error(one);
        CHECK(e.line == 20);
        CHECK(e.message.find("at least two choices") != std::string::npos);
    }
    SUBCASE("a choice without why") {
        const auto e = only_error(replace_line(g, 28, ""));
        CHECK(e.line == 26);
        CHECK(e.message.find("question 1, choice 2") != std::string::npos);
        CHECK(e.message.find("missing 'why'") != std::string::npos);
    }
    SUBCASE("TOML syntax error") {
        const auto e = only_error(replace_line(g, 12, "donors = = 50"));
        CHECK(e.line == 12);
        CHECK(e.column > 1);
    }
}

TEST_CASE("Lessons.Loader.ExperimentSchedules") {
    const std::string g = good_lesson();
    auto with = [&](const std::string& line) {
        const Lesson l = parse_lesson(replace_line(g, 16, "preset = { lock = true, think-ms = 5 }\n" + line), "f.toml");
        for (const auto& e : l.errors) INFO(e.text());
        REQUIRE_FALSE(l.broken());
        return l.experiments.front().schedule;
    };
    using Kind = ExperimentSchedule::Kind;
    CHECK(parse_lesson(g, "f.toml").experiments.front().schedule.kind == Kind::Live); // none: live
    CHECK(with("schedule = \"step\"").kind == Kind::Step);
    const ExperimentSchedule seeded = with("schedule = { seed = 7 }");
    CHECK(seeded.kind == Kind::Seeded);
    CHECK(seeded.seed == 7);
    const ExperimentSchedule replay = with("schedule = { steps = \"1 2 2 1\" }");
    CHECK(replay.kind == Kind::Replay);
    CHECK(replay.steps == std::vector<int>{0, 1, 1, 0});
}

TEST_CASE("Lessons.Loader.PresetWithoutDemoIsAnError") {
    std::string g = good_lesson();
    g = replace_line(g, 3, "");
    const Lesson l = parse_lesson(g, "f.toml");
    REQUIRE(l.broken());
    CHECK(l.errors[0].line == 10);
    CHECK(l.errors[0].message.find("needs the lesson's 'demo'") != std::string::npos);
}

TEST_CASE("Lessons.Loader.FolderBrokenFileIsAnErrorEntryOthersLoad") {
    test::TempDir dir("lessons-folder");
    dir.write("b.toml", good_lesson("second", 20));
    dir.write("a.toml", good_lesson("first", 30));
    const std::string bad = dir.write("c.toml", replace_line(good_lesson("third", 5), 12, "donors = 0"));
    dir.write("notes.txt", "not a lesson");
    const LessonSet set = load_lessons(dir.str());
    REQUIRE(set.lessons.size() == 3);
    CHECK(set.good_count() == 2);
    // Good lessons by order, then error entries.
    CHECK(set.lessons[0].id == "second");
    CHECK(set.lessons[1].id == "first");
    CHECK(set.lessons[2].broken());
    CHECK(set.lessons[2].title.en == "c.toml");
    const auto errors = set.errors();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text().rfind(bad + ":12:10: --donors: 0 is out of range", 0) == 0);
}

TEST_CASE("Lessons.Loader.DuplicateIdReportedOnTheLaterFile") {
    test::TempDir dir("lessons-dup");
    const std::string first = dir.write("a.toml", good_lesson("same", 10));
    const std::string second = dir.write("b.toml", "# a copy\n" + good_lesson("same", 20));
    const LessonSet set = load_lessons(dir.str());
    REQUIRE(set.lessons.size() == 2);
    CHECK_FALSE(set.lessons[0].broken());
    CHECK(set.lessons[0].source == first);
    const auto errors = set.errors();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == second);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].column == 6);
    CHECK(errors[0].message.find("duplicate id 'same'") != std::string::npos);
    CHECK(errors[0].message.find(first) != std::string::npos);
}

TEST_CASE("Lessons.Loader.MissingOrEmptyFolderIsOneErrorEntry") {
    test::TempDir dir("lessons-empty");
    const LessonSet empty = load_lessons(dir.str());
    REQUIRE(empty.lessons.size() == 1);
    CHECK(empty.lessons[0].broken());
    CHECK(empty.errors()[0].message.find("no lesson files") != std::string::npos);

    const LessonSet missing = load_lessons(dir.str() + "/nope");
    REQUIRE(missing.lessons.size() == 1);
    CHECK(missing.errors()[0].file == dir.str() + "/nope");

    const Lesson e = missing_folder_entry({"/a/lessons", "/b/lessons"});
    REQUIRE(e.broken());
    CHECK(e.errors[0].message.find("/a/lessons, /b/lessons") != std::string::npos);
}

TEST_CASE("Lessons.Loader.SignatureChangesWhenAFileChanges") {
    test::TempDir dir("lessons-sig");
    dir.write("a.toml", good_lesson());
    const std::string s1 = lessons_signature(dir.str());
    CHECK(s1 == lessons_signature(dir.str()));
    dir.write("a.toml", good_lesson() + "\n# edited, one line longer\n");
    const std::string s2 = lessons_signature(dir.str());
    CHECK(s2 != s1);
    dir.write("b.toml", good_lesson("other"));
    CHECK(lessons_signature(dir.str()) != s2);
}

TEST_CASE("Lessons.Loader.CandidatesEndWithTheSourceTree") {
    const auto c = lesson_dir_candidates();
    REQUIRE(c.size() >= 2);
    CHECK(c.back().find("lessons") != std::string::npos);
    CHECK_FALSE(find_lessons_dir().empty()); // the source tree's lessons/ exists
}
