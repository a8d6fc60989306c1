// Every input a fuzzer (./lab fuzz) once crashed on, kept in fuzz/regressions/<target>/, goes
// through the same entry again: a fixed bug stays fixed. The seeds go through too, and the shipped
// lessons through the lesson entry, so each entry is known to run on ordinary input.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/demo/registry.hpp"
#include "tests/support/files.hpp"
#include "fuzz/entries.hpp"

namespace fs = std::filesystem;

using tl::test::slurp;

static int replay(const fs::path& dir, tl::fuzz::Entry entry) {
    int n = 0;
    if (!fs::is_directory(dir)) return 0;
    for (const auto& f : fs::directory_iterator(dir)) {
        if (!f.is_regular_file() || f.path().filename().string().starts_with(".")) continue;
        CAPTURE(f.path().string());
        entry(slurp(f.path())); // aborts (and fails the suite) if the bug is back
        ++n;
    }
    return n;
}

TEST_CASE("Fuzz.Regressions.EverySavedInputStillPasses") {
    const fs::path root = THREADLAB_FUZZ_DIR;
    int inputs = 0;
    for (const char* name : {"lesson", "progress", "settings", "param_change", "schedule", "jobs", "run_file"}) {
        CAPTURE(name);
        const auto entry = tl::fuzz::entry(name);
        REQUIRE(static_cast<bool>(entry));
        inputs += replay(root / "regressions" / name, entry);
        inputs += replay(root / "seeds" / name, entry);
    }
    inputs += replay(root.parent_path() / "lessons", tl::fuzz::entry("lesson"));
    CHECK(inputs >= 17 + 6); // the shipped lessons and at least a seed per other parser
    CHECK_FALSE(static_cast<bool>(tl::fuzz::entry("no-such-parser")));
}

TEST_CASE("Fuzz.Seeds.ASavedRunOfEveryDemo") {
    // The run-file fuzzer reaches a demo's saved-state reader only from a seed of that demo:
    // a demo added without one would go unfuzzed.
    const fs::path seeds = fs::path(THREADLAB_FUZZ_DIR) / "seeds" / "run_file";
    for (const tl::DemoEntry& e : tl::demo_registry()) {
        CAPTURE(e.id);
        const fs::path seed = seeds / (std::string(e.id) + ".json");
        REQUIRE(fs::is_regular_file(seed));
        CHECK(slurp(seed).find("\"demo\": \"" + std::string(e.id) + "\"") != std::string::npos);
    }
}

TEST_CASE("Fuzz.Entries.DeepNestingIsAnErrorNotACrash") {
    // The crash of issue 14: 50,000 dotted keys deep (a stack overflow in the TOML parser before
    // toml_guard), as a lesson and as a progress file.
    std::string deep = "zzz";
    for (int i = 0; i < 50000; ++i) deep += ".a";
    deep += " = 1\n";
    tl::fuzz::lesson(deep);
    tl::fuzz::progress(deep);
    std::string header = "[zzz";
    for (int i = 0; i < 100000; ++i) header += ".a";
    header += "]\n";
    tl::fuzz::lesson(header);
    tl::fuzz::progress(header);
}
