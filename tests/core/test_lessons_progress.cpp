// Progress: survives a restart (save, load); a corrupt file is set aside with a warning.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/progress.hpp"
#include "lessons_fixture.hpp"

using namespace tl;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> set_aside_files(const test::TempDir& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir.path))
        if (e.path().filename().string().find("progress.toml.corrupt-") == 0) out.push_back(e.path().string());
    return out;
}

} // namespace

TEST_CASE("Lessons.Progress.SurvivesARestart") {
    test::TempDir dir("progress");
    const std::string path = (dir.path / "sub" / "progress.toml").string(); // folders are created
    Progress p;
    p.visit("donation-race");
    p.try_experiment("donation-race", 1);
    p.answer("donation-race", 0, 2, false);
    p.answer("donation-race", 1, 0, true);
    p.visit("odd \"id\" with spaces");
    std::string err;
    REQUIRE(save_progress(p, path, &err));
    std::string warning;
    const Progress back = load_progress(path, &warning);
    CHECK(warning.empty());
    CHECK(back == p);
    CHECK(back.visited("donation-race"));
    CHECK(back.tried("donation-race", 1));
    CHECK_FALSE(back.tried("donation-race", 0));
    REQUIRE(back.answer_of("donation-race", 0));
    CHECK(back.answer_of("donation-race", 0)->choice == 2);
    CHECK_FALSE(back.answer_of("donation-race", 0)->correct);
    CHECK(back.answer_of("donation-race", 1)->correct);
    CHECK(back.answer_of("donation-race", 2) == nullptr);
    CHECK(back.visited("odd \"id\" with spaces"));
    CHECK_FALSE(fs::exists(path + ".tmp"));
}

TEST_CASE("Lessons.Progress.MissingFileIsEmptyWithoutWarning") {
    test::TempDir dir("progress-missing");
    std::string warning;
    const Progress p = load_progress((dir.path / "progress.toml").string(), &warning);
    CHECK(p.lessons.empty());
    CHECK(warning.empty());
}

TEST_CASE("Lessons.Progress.CorruptFileIsSetAside") {
    test::TempDir dir("progress-corrupt");
    const std::string path = (dir.path / "progress.toml").string();
    SUBCASE("not TOML") { std::ofstream(path) << "version = 1\n[lessons\nvisited = yes\n"; }
    SUBCASE("wrong types") { std::ofstream(path) << "version = 1\n[lessons.race]\nvisited = \"yes\"\n"; }
    SUBCASE("binary junk") { std::ofstream(path, std::ios::binary) << std::string("\x00\xff\xfe junk", 8); }
    std::string warning;
    const Progress p = load_progress(path, &warning);
    CHECK(p.lessons.empty());
    CHECK_FALSE(fs::exists(path));
    const auto aside = set_aside_files(dir);
    REQUIRE(aside.size() == 1);
    CHECK(warning.find(path + ":") == warning.find(path)); // names the file with its position
    CHECK(warning.find(aside[0]) != std::string::npos);
    // A fresh start can be saved and read back.
    Progress q;
    q.visit("race");
    REQUIRE(save_progress(q, path, nullptr));
    CHECK(load_progress(path, &warning) == q);
}

TEST_CASE("Lessons.Progress.WrongTypeWarningNamesTheLine") {
    test::TempDir dir("progress-line");
    const std::string path = (dir.path / "progress.toml").string();
    std::ofstream(path) << "version = 1\n[lessons.race]\nvisited = true\ntried = [0, \"one\"]\n";
    std::string warning;
    load_progress(path, &warning);
    CHECK(warning.find(path + ":4:") != std::string::npos);
}

TEST_CASE("Lessons.Progress.StatusNewVisitedDone") {
    const Lesson l = parse_lesson(test::good_lesson(), "f.toml"); // 2 experiments, 1 question
    REQUIRE_FALSE(l.broken());
    Progress p;
    CHECK(p.status(l) == LessonStatus::New);
    p.visit(l.id);
    CHECK(p.status(l) == LessonStatus::Visited);
    p.try_experiment(l.id, 0);
    p.try_experiment(l.id, 1);
    p.answer(l.id, 0, 1, false);
    CHECK(p.status(l) == LessonStatus::Visited);
    p.answer(l.id, 0, 0, true);
    CHECK(p.status(l) == LessonStatus::Done);
}
