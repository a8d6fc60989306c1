// Hostile TOML never reaches the recursive parser: nesting deep enough to overflow its stack is
// a file:line:column error for a lesson, and a progress file like that is set aside; a FIFO or a
// folder in the progress file's place is neither read (it would block) nor saved over.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "core/lessons/lesson_loader.hpp"
#include "core/lessons/progress.hpp"
#include "core/util/toml_guard.hpp"
#include "lessons_fixture.hpp"

using namespace tl;
namespace fs = std::filesystem;

namespace {
std::string repeat(const std::string& s, int n) {
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out += s;
    return out;
}
} // namespace

TEST_CASE("TomlGuard.DeepNestingIsFoundWithoutRecursion") {
    for (const std::string& text : {"zzz" + repeat(".a", 50000) + " = 1\n", "[zzz" + repeat(".a", 100000) + "]\n",
                                    "x = " + repeat("[", 100000) + "\n", "x = " + repeat("{a=", 100000) + "\n",
                                    "ok = 1\n# " + repeat("[", 10) + "\n" + "y" + repeat(".b", 70) + " = 2\n"}) {
        CAPTURE(text.substr(0, 40));
        const auto p = check_toml_shape(text);
        REQUIRE(p);
        CHECK(p->message.find("nesting deeper than 64") == 0);
        const Lesson l = parse_lesson(text, "deep.toml"); // must return, not crash
        REQUIRE(l.broken());
        CHECK(l.errors.front().message.find("nesting deeper than 64") == 0);
        CHECK(l.errors.front().line >= 1);
    }
    // Where: the character that went too deep.
    CHECK_FALSE(check_toml_shape("a = 1\nb" + repeat(".c", 64) + " = 2\n")); // 64 deep is allowed
    const auto p = check_toml_shape("a = 1\nb" + repeat(".c", 65) + " = 2\n");
    REQUIRE(p);
    CHECK(p->line == 2);
    CHECK(p->column == 1 + 64 * 2 + 1); // the 65th dot
}

TEST_CASE("TomlGuard.OrdinaryTomlPasses") {
    CHECK_FALSE(check_toml_shape("a.b.c = 1.5\nt = 07:32:00.999\n[x.y]\ns = \"a.b.c.[{\" # .....[[[[\nm = '''\n...[[[\n'''\n"));
    CHECK_FALSE(check_toml_shape("v = [[1, 2], [3, 4]]\np = { lock = \"on\", think-ms = 10 }\n"));
    CHECK_FALSE(check_toml_shape(repeat("k = 1\n", 1000)));
    const auto big = check_toml_shape(std::string(kMaxTomlBytes + 1, ' '));
    REQUIRE(big);
    CHECK(big->message == "the file is larger than 1 MiB");
    for (const Lesson& l : load_lessons(lesson_dir_candidates().back()).lessons) CHECK_FALSE(l.broken());
}

TEST_CASE("TomlGuard.DeepProgressFileIsSetAsideNotACrash") {
    test::TempDir dir("progress-deep");
    const std::string path = (dir.path / "progress.toml").string();
    std::ofstream(path) << "zzz" << repeat(".a", 50000) << " = 1\n";
    std::string warning;
    const Progress p = load_progress(path, &warning);
    CHECK(p.lessons.empty());
    CHECK(warning.find("nesting deeper than 64") != std::string::npos);
    CHECK(warning.find("moved aside") != std::string::npos);
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("TomlGuard.FifoOrFolderAsProgressIsNotReadNorSavedOver") {
    test::TempDir dir("progress-fifo");
    const std::string fifo = (dir.path / "progress.toml").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string warning;
    Progress p = load_progress(fifo, &warning); // would block forever if it opened the FIFO
    CHECK(p.read_only);
    CHECK(warning.find("is not a regular file") != std::string::npos);
    CHECK(fs::is_fifo(fifo)); // left where it is
    p.visit("x");
    std::string error;
    CHECK_FALSE(save_progress(p, fifo, &error));
    CHECK(error.find("not saving over") != std::string::npos);

    const std::string folder = (dir.path / "folder.toml").string();
    fs::create_directory(folder);
    warning.clear();
    CHECK(load_progress(folder, &warning).read_only);
    CHECK(fs::is_directory(folder));
}
