// The side panels' rule (issue 13): three columns while the demo keeps its width, then one
// tabbed side column, then pages over the centre; the View menu's choices are kept.
#include <doctest/doctest.h>

#include <utility>

#include "app/ui/lab_view.hpp"
#include "app/ui/side_panels.hpp"
#include "imgui_headless.hpp"

using tl::ui::plan_side_panels;
using tl::ui::SideMode;

namespace {
constexpr float kBase = 18; // px at scale 1
constexpr float kGap = 8;
} // namespace

TEST_CASE("SidePanels.ColumnsWhenTheDemoHasRoom") {
    // 1024x640 at scale 1 and 1280x720 at the projector's 1.5: the three columns as before.
    for (auto [w, scale] : {std::pair{1008.f, 1.0f}, std::pair{1264.f, 1.5f}}) {
        const auto lay = plan_side_panels(w, kBase * scale, kGap * scale, true, true);
        CHECK(lay.mode == SideMode::Columns);
        CHECK(lay.left > 0);
        CHECK(lay.right > 0);
        CHECK(lay.centre >= kBase * scale * tl::ui::kCentreNeedEm);
    }
}

TEST_CASE("SidePanels.FoldAsTheTextGrows") {
    const auto tabbed = plan_side_panels(1264, kBase * 1.75f, kGap * 1.75f, true, true);
    CHECK(tabbed.mode == SideMode::Tabbed);
    CHECK(tabbed.right == 0);
    CHECK(tabbed.centre >= kBase * 1.75f * tl::ui::kCentreNeedEm);
    const auto pages = plan_side_panels(1008, kBase * 2, kGap * 2, true, true);
    CHECK(pages.mode == SideMode::Pages);
    CHECK(pages.centre == doctest::Approx(1008));
}

TEST_CASE("SidePanels.HiddenPanelsStayHidden") {
    const auto none = plan_side_panels(1008, kBase * 2, kGap * 2, false, false);
    CHECK(none.mode == SideMode::Columns);
    CHECK(none.centre == doctest::Approx(1008));
    // Only the parameters shown: the column folds the same way when it crowds the demo.
    const auto params = plan_side_panels(1264, kBase, kGap, false, true);
    CHECK(params.mode == SideMode::Columns);
    CHECK(params.left == 0);
    CHECK(plan_side_panels(1008, kBase * 2, kGap * 2, false, true).mode == SideMode::Pages);
}

namespace {
void draw(tl::test::HeadlessImGui& gui, tl::ui::LabView& lab, int n) {
    for (int i = 0; i < n; ++i) {
        gui.new_frame();
        lab.frame();
        gui.render();
    }
}
} // namespace

TEST_CASE("SidePanels.ANarrowLabShowsTheLessonAndParametersAsPages") {
    // 1024x640 at scale 2: the side panels fold into pages over the centre, each reachable.
    tl::test::HeadlessImGui gui(1024, 640, kBase * 2);
    tl::ui::LabView lab(tl::ui::Settings{}, "");
    REQUIRE(lab.select("philosophers"));
    draw(gui, lab, 2);
    CHECK(lab.side_mode() == SideMode::Pages);
    CHECK(lab.lessons_panel_visible()); // the View menu's choice is untouched
    for (auto page : {tl::ui::SidePage::Lesson, tl::ui::SidePage::Params, tl::ui::SidePage::Demo}) {
        lab.show_page(page);
        draw(gui, lab, 2);
    }
}
