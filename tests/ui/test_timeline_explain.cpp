// Lanes keep a readable height, a lost-update marker explains itself on hover and stays
// explained when clicked, and the overview strip marks the visible window.
#include <doctest/doctest.h>

#include <string>

#include "app/ui/timeline_view.hpp"
#include "core/trace/lost_update.hpp"
#include "imgui_headless.hpp"

using namespace tl;

namespace {

Timeline donors(int n, Nanos run) {
    Timeline t;
    for (int l = 0; l < n; ++l) {
        const auto lane = static_cast<std::uint16_t>(l);
        t.set_lane_name(lane, {"Donor {1}", l + 1});
        t.add(Event{0, 0, 0, lane, EventKind::State, static_cast<std::uint8_t>(ThreadState::Running)});
        t.add(Event{run, 0, 0, lane, EventKind::State, static_cast<std::uint8_t>(ThreadState::Idle)});
    }
    return t;
}

// Donor 7 (lane 6) overwrote Donor 3's (lane 2) 1100; 100 was lost.
Event lost_mark(Nanos ts) {
    return Event{ts, pack_lost_update_value(2, 1100), pack_lost_update_object(100), 6, EventKind::Mark,
                 static_cast<std::uint8_t>(MarkKind::LostUpdate)};
}

struct Frame {
    test::HeadlessImGui& gui;
    ui::TimelineDrawStats draw(const Timeline& t, ui::TimelineViewState& v, ImVec2 size, const ui::MarkerExplainer& ex = {},
                               const std::vector<ui::TimeMarker>& marks = {}) {
        gui.new_frame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(1280, 720));
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove);
        const auto st = ui::draw_timeline("tl", t, v, size, StateStyles{}, {}, {}, marks, ex);
        ImGui::End();
        gui.render();
        return st;
    }
};

} // namespace

TEST_CASE("TimelineExplain.FiftyDonorsKeepReadableLanes") {
    test::HeadlessImGui gui(1280, 720, 27); // scale 1.5
    const Timeline t = donors(50, 1'000'000'000);
    ui::TimelineViewState v;
    const auto st = Frame{gui}.draw(t, v, ImVec2(1240, 420));
    CHECK(st.lane_h >= ui::min_lane_height(27));
    CHECK(std::min(27.0f, st.lane_h * 0.95f) >= 16.0f); // the label size the lanes use
    CHECK(st.lanes_drawn < 50);
    CHECK(st.lanes_drawn == ui::lane_layout(420 - (27 + 4), 50, 27).fit); // less the axis
    CHECK(st.lanes_note.find("of 50") != std::string::npos);
    CHECK(st.lanes_note.find("1-" + std::to_string(st.lanes_drawn)) != std::string::npos);
    // A few lanes fit whole: no note, lanes share the height.
    const Timeline few = donors(4, 1'000'000'000);
    const auto st4 = Frame{gui}.draw(few, v, ImVec2(1240, 420));
    CHECK(st4.lanes_note.empty());
    CHECK(st4.lanes_drawn == 4);
    for (int n : {1, 5, 20, 50, 200}) {
        CAPTURE(n);
        const ui::LaneLayout l = ui::lane_layout(300, n, 18);
        CHECK(l.lane_h >= ui::min_lane_height(18));
        CHECK(static_cast<float>(l.fit) * l.lane_h <= 300.5f);
        CHECK(l.fit == std::min(n, static_cast<int>(300 / l.lane_h)));
    }
}

TEST_CASE("TimelineExplain.LostUpdateSentence") {
    test::HeadlessImGui gui;
    Timeline t = donors(8, 1000);
    t.add(lost_mark(500));
    const Marker& m = t.lanes()[6].markers.at(0);
    const std::int64_t written = 1100;
    CHECK(ui::lost_update_text(t, 6, m, &written) == "Donor 7 wrote 1100 over Donor 3's 1100: 100 lost");
    CHECK(ui::marker_text(t, 6, m) == "Donor 7 overwrote Donor 3's 1100: 100 lost");
}

TEST_CASE("TimelineExplain.HoverShowsAndClickPins") {
    test::HeadlessImGui gui;
    Timeline t = donors(8, 1'000'000);
    t.add(lost_mark(1'000'000)); // the newest moment: the right edge of a following view
    ui::TimelineViewState v;
    const ImVec2 size(1200, 500);
    Frame f{gui};
    const auto first = f.draw(t, v, size);
    CHECK(first.marker_text.empty());
    REQUIRE(first.window_x1 == 0); // the run fits: no overview strip
    // The marker sits at the right end of lane 6's row (the axis line is font + 4 tall).
    const float font = ImGui::GetFontSize();
    const float x = ImGui::GetStyle().WindowPadding.x + size.x - 2;
    const float y = ImGui::GetStyle().WindowPadding.y + font + 4 + first.lane_h * 6.5f;
    ImGui::GetIO().MousePos = ImVec2(x, y);
    const auto hovered = f.draw(t, v, size);
    CHECK(hovered.marker_text == "Donor 7 overwrote Donor 3's 1100: 100 lost");
    ImGui::GetIO().MouseDown[0] = true;
    f.draw(t, v, size);
    ImGui::GetIO().MouseDown[0] = false;
    f.draw(t, v, size);
    CHECK(v.pinned_lane == 6);
    ImGui::GetIO().MousePos = ImVec2(x - 400, y - first.lane_h * 4); // away from it: still shown
    const auto away = f.draw(t, v, size);
    CHECK(away.marker_text == "Donor 7 overwrote Donor 3's 1100: 100 lost");
    // The demo's own words win (the donation knows what was written).
    const auto own = f.draw(t, v, size, [](int, const Marker&) { return std::string("custom"); });
    CHECK(own.marker_text == "custom");
}

TEST_CASE("TimelineExplain.OverviewMarksTheWindow") {
    test::HeadlessImGui gui;
    const Timeline t = donors(3, 10'000'000'000);
    Frame f{gui};
    ui::TimelineViewState v;
    v.follow_live = false;
    v.t0 = 0;
    v.width = 1'000'000'000; // the first tenth of the run
    const auto a = f.draw(t, v, ImVec2(1200, 400));
    REQUIRE(a.window_x1 > a.window_x0);
    v.t0 = 5'000'000'000; // the sixth tenth
    const auto b = f.draw(t, v, ImVec2(1200, 400));
    const float tenth = a.window_x1 - a.window_x0;
    CHECK(b.window_x1 - b.window_x0 == doctest::Approx(tenth).epsilon(0.01));
    CHECK(b.window_x0 - a.window_x0 == doctest::Approx(5 * tenth).epsilon(0.01));
    // A press at the strip's right end moves the view to the end of the run, following it again.
    ImGui::GetIO().MousePos = ImVec2(ImGui::GetStyle().WindowPadding.x + 1200 - 2, ImGui::GetStyle().WindowPadding.y + 8);
    ImGui::GetIO().MouseDown[0] = true;
    f.draw(t, v, ImVec2(1200, 400));
    f.draw(t, v, ImVec2(1200, 400));
    ImGui::GetIO().MouseDown[0] = false;
    f.draw(t, v, ImVec2(1200, 400));
    CHECK(v.follow_live);
    // Lock flips drawn in the strip stay findable: the strip is still up while following.
    const auto c = f.draw(t, v, ImVec2(1200, 400), {}, {{2'000'000'000, "lock on", true}});
    CHECK(c.window_x1 > c.window_x0);
}
