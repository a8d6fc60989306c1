// The real window under Xvfb: the screenshot is written, has the requested size and is not blank.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include <stb_image.h>

#include "run_threadlab.hpp"

using tl::test::run_threadlab;

namespace {

struct Png {
    int w = 0, h = 0, distinct = 0;
};

Png inspect(const std::string& path) {
    Png p;
    int n = 0;
    unsigned char* px = stbi_load(path.c_str(), &p.w, &p.h, &n, 4);
    if (!px) return p;
    std::set<unsigned> colours;
    for (int i = 0; i < p.w * p.h; i += 7) {
        const unsigned char* c = px + static_cast<std::size_t>(i) * 4;
        colours.insert(static_cast<unsigned>(c[0]) << 16 | static_cast<unsigned>(c[1]) << 8 | c[2]);
    }
    p.distinct = static_cast<int>(colours.size());
    stbi_image_free(px);
    return p;
}

const char* kXvfb = tl::test::kXvfbRun;

} // namespace

TEST_CASE("Window.Screenshot.RequestedSizeAndNotBlank") {
    const std::string file = "threadlab-window-test.png";
    std::remove(file.c_str());
    const auto r = run_threadlab("--screenshot " + file + " --frames 40 --size 1280x720 --start --settings none.ini", kXvfb);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Png p = inspect(file);
    CHECK(p.w == 1280);
    CHECK(p.h == 720);
    CHECK(p.distinct > 40); // text, lanes, buttons: far from a flat colour
    std::remove(file.c_str());
}

TEST_CASE("Window.Screenshot.ProjectorScaleLightTheme") {
    const std::string file = "threadlab-window-test-light.png";
    const auto r = run_threadlab("--screenshot " + file + " --frames 20 --size 1024x640 --scale 1.5 --theme light --settings none.ini", kXvfb);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const Png p = inspect(file);
    CHECK(p.w == 1024);
    CHECK(p.h == 640);
    CHECK(p.distinct > 20);
    std::remove(file.c_str());
}

TEST_CASE("Window.BadSettingsFile.WarnsAndStillRuns") {
    const std::string settings = "threadlab-bad-settings.ini";
    std::ofstream(settings) << "scale = enormous\n";
    const std::string file = "threadlab-window-test-bad.png";
    const auto r = run_threadlab("--screenshot " + file + " --frames 5 --settings " + settings, kXvfb);
    CHECK(r.status == 0);
    CHECK(r.err.find(settings + ":1") != std::string::npos);
    CHECK(inspect(file).w == 1280);
    std::remove(file.c_str());
    std::remove(settings.c_str());
}

TEST_CASE("Window.Explore.ExitWhileExploringCancelsAndJoins") {
    // --explore presses "Explore all interleavings"; 4 donors take seconds, so the window closes
    // while the search runs: it must be cancelled and joined, not left running or crash.
    const std::string file = "threadlab-window-test-explore.png";
    std::remove(file.c_str());
    const auto r = run_threadlab("--screenshot " + file + " --frames 20 --size 1280x720 --demo donation --set donors=4 --explore "
                                 "--settings none.ini",
                                 kXvfb);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(inspect(file).distinct > 40);
    std::remove(file.c_str());
}
