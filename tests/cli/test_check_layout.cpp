// `threadlab --check-layout` under Xvfb (issue 13): every demo and lesson drawn at the projector
// set-up (1280x720, scale 1.5 and 2.0) and the smallest supported window (1024x640, scale 1.0),
// in English and Chinese, with no text (or button label) cut. On failure the output lists each text and where it was.
#include <doctest/doctest.h>

#include "run_threadlab.hpp"

using tl::test::run_threadlab;

namespace {

void check_layout(const std::string& size, const std::string& scale, const std::string& language) {
    const auto r = run_threadlab("--check-layout --size " + size + " --scale " + scale + " --language " + language +
                                     " --theme light --settings none.ini",
                                 tl::test::kXvfbRun);
    INFO(r.out);
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("0 texts cut") != std::string::npos);
}

} // namespace

// The bound only says the check finishes: each page runs its demo for 1.5 s of wall time, and under
// AddressSanitizer on a loaded machine the scale-2.0 run took 227 s (36 s on a quiet one).
TEST_CASE("Window.CheckLayout.Projector.English") { check_layout("1280x720", "1.5", "en"); }
TEST_CASE("Window.CheckLayout.Projector.Chinese") { check_layout("1280x720", "1.5", "zh"); }
TEST_CASE("Window.CheckLayout.Small.English") { check_layout("1024x640", "1.0", "en"); }
TEST_CASE("Window.CheckLayout.Small.Chinese") { check_layout("1024x640", "1.0", "zh"); }
// The largest scale on the projector: the side panels fold into tabs, buttons are checked too.
TEST_CASE("Window.CheckLayout.Large.Chinese") { check_layout("1280x720", "2.0", "zh"); }

TEST_CASE("Window.CheckLayout.NotWithScreenshot") {
    const auto r = run_threadlab("--check-layout --screenshot x.png");
    CHECK(r.status == 2);
}
