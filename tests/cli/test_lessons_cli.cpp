// `threadlab lessons check`, `--lessons DIR`, and the window in Chinese (--language zh or the
// settings file's `language = zh`), at 1280x720 and at the projector scale.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>
#include <vector>

#include <stb_image.h>

#include "../core/lessons_fixture.hpp"
#include "core/lessons/lesson_loader.hpp"
#include "run_threadlab.hpp"

using tl::test::good_lesson;
using tl::test::replace_line;
using tl::test::run_threadlab;

namespace {

const char* kXvfb = tl::test::kXvfbRun;

std::string unique(const std::string& stem) { return stem + "-" + std::to_string(::getpid()) + ".png"; }

struct Image {
    int w = 0, h = 0;
    std::vector<unsigned char> px; // RGBA
};

Image load(const std::string& path) {
    Image im;
    int n = 0;
    unsigned char* p = stbi_load(path.c_str(), &im.w, &im.h, &n, 4);
    if (p) {
        im.px.assign(p, p + static_cast<std::size_t>(im.w) * static_cast<std::size_t>(im.h) * 4);
        stbi_image_free(p);
    }
    return im;
}

/// Pixels that differ between two images of the same size in rows [y0, y1).
int differing(const Image& a, const Image& b, int y0, int y1) {
    int n = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < a.w; ++x) {
            const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(a.w) + static_cast<std::size_t>(x)) * 4;
            n += a.px[i] != b.px[i] || a.px[i + 1] != b.px[i + 1] || a.px[i + 2] != b.px[i + 2];
        }
    return n;
}

} // namespace

TEST_CASE("Cli.Lessons.CheckShippedLessonsIsClean") {
    const std::string dir = tl::lesson_dir_candidates().back(); // the source tree's lessons/
    const auto r = run_threadlab("lessons check '" + dir + "'");
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("no errors") != std::string::npos);
}

TEST_CASE("Cli.Lessons.CheckListsEveryErrorAsFileLineColumn") {
    tl::test::TempDir dir("cli-check");
    dir.write("a.toml", good_lesson("race", 10));
    const std::string b = dir.write("b.toml", replace_line(good_lesson("two", 20), 12, "donors = 0"));
    const std::string c = dir.write("c.toml", replace_line(good_lesson("three", 30), 18, "text = { en = \"Think\" }"));
    const auto r = run_threadlab("lessons check '" + dir.str() + "'");
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find(b + ":12:10: --donors: 0 is out of range (allowed: 1..256)\n") != std::string::npos);
    CHECK(r.out.find(c + ":18:8: experiment 2 text: missing language 'zh'") != std::string::npos);
    CHECK(r.out.find("a.toml") == std::string::npos);
    CHECK(r.err.find("2 errors in 2 files") != std::string::npos);
}

TEST_CASE("Cli.Lessons.CheckReportsChallengeGoalsAsFileLineColumn") {
    tl::test::TempDir dir("cli-challenge");
    auto challenge = [](const std::string& id, const std::string& goal) {
        return good_lesson(id, 10) +
               "[[challenges]]\n"                                            // 32
               "id = \"one\"\n"                                              // 33
               "title = { en = \"One\", zh = \"一\" }\n"                     // 34
               "text = { en = \"End at 1100\", zh = \"结果是 1100\" }\n"      // 35
               "success = { en = \"Lost\", zh = \"丢了\" }\n"                 // 36
               "preset = { donors = 2 }\n"                                    // 37
               + goal + "\n";                                                 // 38
    };
    dir.write("a.toml", challenge("a", "goal = { outcome = 1100 }"));
    const std::string b = dir.write("b.toml", challenge("b", "goal = { outcom = 1100 }"));
    const std::string c = dir.write("c.toml", challenge("c", "goal = { failure = 12 }"));
    const std::string d = dir.write("d.toml", challenge("d", "goal = { explore_none = \"livelock\" }"));
    const auto r = run_threadlab("lessons check '" + dir.str() + "'");
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find(b + ":38:10: unknown goal 'outcom'") != std::string::npos);
    CHECK(r.out.find(c + ":38:20: challenge 1 goal failure: expected a failure kind") != std::string::npos);
    CHECK(r.out.find(d + ":38:25: challenge 1 goal explore_none: unknown failure kind 'livelock'") != std::string::npos);
    CHECK(r.out.find("a.toml") == std::string::npos);
    CHECK(r.err.find("3 errors in 3 files") != std::string::npos);
}

TEST_CASE("Cli.Lessons.CheckMissingFolderFails") {
    const auto r = run_threadlab("lessons check /nonexistent/lessons");
    CHECK(r.status == 1);
    CHECK(r.out.find("/nonexistent/lessons") != std::string::npos);
    CHECK(run_threadlab("lessons").status == 2); // `check` is required
}

TEST_CASE("Cli.Lessons.GlobalLessonsOptionChoosesTheFolder") {
    tl::test::TempDir dir("cli-global");
    dir.write("a.toml", replace_line(good_lesson("race", 10), 2, "order = \"x\""));
    const auto r = run_threadlab("--lessons '" + dir.str() + "' lessons check");
    CHECK(r.status == 1);
    CHECK(r.out.find(dir.str() + "/a.toml:2:9:") != std::string::npos);
    const auto bad_lang = run_threadlab("--language fr lessons check");
    CHECK(bad_lang.status == 2);
}

namespace {

/// A lesson whose one experiment (two donors, the lock on, seeded: the same run every time)
/// expects `expect`.
std::string verify_lesson(const std::string& id, int order, const std::string& expect) {
    std::string text = replace_line(good_lesson(id, order), 16, "preset = { lock = true, donors = 2 }\nschedule = { seed = 1 }\nexpect = [" + expect + "]");
    return text;
}

} // namespace

TEST_CASE("Cli.Lessons.VerifyPrintsALinePerExperimentAndExitsOneOnAFailure") {
    tl::test::TempDir dir("cli-verify");
    dir.write("a.toml", verify_lesson("holds", 10, "\"actual == expected\", \"lost_updates == 0\""));
    dir.write("b.toml", verify_lesson("fails", 20, "\"lost_updates > 0\""));
    const auto all = run_threadlab("lessons verify '" + dir.str() + "'");
    INFO(all.out << all.err);
    CHECK(all.status == 1);
    CHECK(all.out.find("ok      a #1  actual=1200 expected=1200 lost_updates=0 (1/1 runs") != std::string::npos);
    CHECK(all.out.find("FAILED  b #1  lost_updates=0 (0/1 runs") != std::string::npos);
    CHECK(all.out.find("'lost_updates > 0' is false") != std::string::npos);
    CHECK(all.out.find("--      a #2  nothing to run") != std::string::npos);
    CHECK(all.out.find("1 ok, 1 failed, 2 without expectations;") != std::string::npos);
    CHECK(all.out.find(" s in all") != std::string::npos);

    const auto one = run_threadlab("lessons verify '" + dir.str() + "' --lesson holds");
    INFO(one.out << one.err);
    CHECK(one.status == 0);
    CHECK(one.out.find("FAILED") == std::string::npos);
    CHECK(run_threadlab("lessons verify '" + dir.str() + "' --lesson b").status == 1); // by file name

    const auto unknown = run_threadlab("lessons verify '" + dir.str() + "' --lesson nope");
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("no lesson 'nope'") != std::string::npos);
    const auto missing = run_threadlab("lessons verify '" + dir.str() + "/missing'");
    CHECK(missing.status == 2);
    CHECK(missing.err.find("no lessons folder") != std::string::npos);
}

TEST_CASE("Cli.Lessons.CheckReportsBadExpectationsAsFileLineColumn") {
    tl::test::TempDir dir("cli-expect");
    const std::string path = dir.write("a.toml", verify_lesson("bad", 10, "\"actual == expected\", \"balanse > 0\""));
    const auto r = run_threadlab("lessons check '" + dir.str() + "'");
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find(path + ":18:34: experiment 1 expect: unknown field 'balanse'") != std::string::npos);
}

TEST_CASE("Window.Lessons.OtherFolderOpens") {
    tl::test::TempDir dir("cli-window");
    dir.write("a.toml", good_lesson("my-race", 10));
    const std::string file = unique("threadlab-window-lessons");
    const auto r = run_threadlab("--lessons '" + dir.str() + "' --lesson my-race --screenshot " + file +
                                     " --frames 5 --settings none.ini",
                                 kXvfb);
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(load(file).w == 1280);
    std::remove(file.c_str());
}

TEST_CASE("Window.Chinese.ScreenshotShowsChineseText") {
    const std::string en = unique("threadlab-window-en"), zh = unique("threadlab-window-zh"),
                      zh_settings = unique("threadlab-window-zh-settings");
    const std::string settings = "threadlab-zh-" + std::to_string(::getpid()) + ".ini";
    std::ofstream(settings) << "language = zh\n";
    const std::string common = " --lesson donation-race --frames 20 --size 1280x720 --scale 1.5";
    const auto r_en = run_threadlab("--screenshot " + en + common + " --settings none.ini", kXvfb);
    const auto r_zh = run_threadlab("--screenshot " + zh + common + " --language zh --settings none.ini", kXvfb);
    const auto r_set = run_threadlab("--screenshot " + zh_settings + common + " --settings " + settings, kXvfb);
    INFO(r_en.err << r_zh.err << r_set.err);
    REQUIRE(r_en.status == 0);
    REQUIRE(r_zh.status == 0);
    REQUIRE(r_set.status == 0);
    const Image a = load(en), b = load(zh), c = load(zh_settings);
    REQUIRE(a.w == 1280);
    REQUIRE(a.h == 720);
    REQUIRE(b.w == 1280);
    REQUIRE(b.h == 720);
    REQUIRE(c.w == 1280);
    // The menu bar (Lab View Language Help / 实验室 视图 语言 帮助) differs between the languages,
    // and is the same whether Chinese came from the command line or the settings file.
    const int bar = 36;
    CHECK(differing(a, b, 0, bar) > 200);
    CHECK(differing(b, c, 0, bar) == 0);
    std::remove(en.c_str());
    std::remove(zh.c_str());
    std::remove(zh_settings.c_str());
    std::remove(settings.c_str());
}
