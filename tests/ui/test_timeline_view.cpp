#include <doctest/doctest.h>

#include "app/ui/timeline_view.hpp"
#include "imgui_headless.hpp"

using namespace tl;

// 50 lanes x 20,000 spans = 1,000,000 spans, all inside the view.
static Timeline big_timeline(int lanes, int spans_per_lane) {
    Timeline t;
    for (int l = 0; l < lanes; ++l) {
        t.set_lane_name(static_cast<std::uint16_t>(l), {"Donor {1}", l + 1});
        for (int i = 0; i < spans_per_lane; ++i) {
            const auto st = static_cast<std::uint8_t>(1 + (i + l) % 4);
            t.add(Event{static_cast<Nanos>(i) * 1000, 0, 1, static_cast<std::uint16_t>(l), EventKind::State, st});
            if (i % 100 == 0)
                t.add(Event{static_cast<Nanos>(i) * 1000, 0, 1, static_cast<std::uint16_t>(l), EventKind::Mark, 0});
        }
    }
    return t;
}

TEST_CASE("TimelineView.MillionSpans.BoundedVertices") {
    test::HeadlessImGui gui;
    const Timeline t = big_timeline(50, 20000);
    REQUIRE(t.span_count() == 50u * 20000u);
    ui::TimelineViewState view;
    view.follow_live = false;
    view.t0 = 0;
    view.width = 20000 * 1000;
    gui.new_frame();
    ImGui::Begin("w");
    const auto st = ui::draw_timeline("tl", t, view, ImVec2(1200, 650));
    const int vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size;
    ImGui::End();
    gui.render();
    // The lanes that fit at a readable height (below the overview strip and the axis); the rest scroll.
    const int fit = st.lanes_drawn;
    CHECK(fit < 50);
    CHECK(st.lane_h >= ui::min_lane_height(ImGui::GetFontSize()));
    CHECK(static_cast<float>(fit + 1) * st.lane_h > 650 - 3 * ImGui::GetFontSize());
    CHECK(st.lanes_note.find("of 50") != std::string::npos);
    CHECK(st.folded > fit * 18000);  // nearly every span is narrower than 3 px here
    CHECK(st.items < 50 * 450); // about one item per 3 px per lane
    CHECK(vertices < 500000);
    CHECK(vertices > 1000); // and it did draw something
}

TEST_CASE("TimelineView.ZoomedIn.DrawsEverySpanInView") {
    test::HeadlessImGui gui;
    const Timeline t = big_timeline(2, 1000);
    ui::TimelineViewState view;
    view.follow_live = false;
    view.t0 = 100 * 1000;
    view.width = 10 * 1000; // 10 spans of 1 us across ~1000 px: nothing folds
    gui.new_frame();
    ImGui::Begin("w");
    const auto st = ui::draw_timeline("tl", t, view, ImVec2(1200, 400));
    ImGui::End();
    gui.render();
    CHECK(st.folded <= 2 * 2); // only the slivers at the two edges of each lane
    CHECK(st.items >= 2 * 10);
    CHECK(st.items <= 2 * 12);
}

TEST_CASE("TimelineView.FollowLive.ShowsTheNewestEvents") {
    test::HeadlessImGui gui;
    const Timeline t = big_timeline(1, 5000); // 5 ms of spans
    ui::TimelineViewState view;
    view.follow_width = 1'000'000; // 1 ms window
    gui.new_frame();
    ImGui::Begin("w");
    ui::draw_timeline("tl", t, view, ImVec2(800, 200));
    ImGui::End();
    gui.render();
    CHECK(view.width == 1'000'000);
    CHECK(view.t0 + view.width == t.last_ts());
}

TEST_CASE("TimelineView.FormatDuration") {
    CHECK(ui::format_duration(1'500'000'000) == "1.50 s");
    CHECK(ui::format_duration(12'500'000) == "12.5 ms");
    CHECK(ui::format_duration(850'000) == "850 us");
    CHECK(ui::format_duration(12) == "12 ns");
}
