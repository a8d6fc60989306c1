#include "app/ui/timeline_overview.hpp"

#include <algorithm>
#include <cmath>

#include "app/ui/i18n.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

float overview_height(float font_px) { return std::round(font_px * 0.9f); }

float overview_x(const Timeline& tl, Nanos t, float x0, float w) {
    const Nanos run = std::max<Nanos>(tl.last_ts() - tl.first_ts(), 1);
    const double f = std::clamp(static_cast<double>(t - tl.first_ts()) / static_cast<double>(run), 0.0, 1.0);
    return x0 + static_cast<float>(f * w);
}

namespace {

constexpr float kColumnPx = 2.0f; // lost updates are counted per 2 px column

// Lost updates (and deadlocks) in [t0, t1) over every lane: summary buckets before detail_from,
// the detail markers after it.
struct Counts {
    std::uint32_t lost = 0, deadlocks = 0;
};
Counts count_in(const Timeline& tl, Nanos t0, Nanos t1) {
    Counts c;
    for (const Lane& lane : tl.lanes()) {
        if (tl.summarised() && t0 < tl.detail_from() && tl.bucket_width() > 0) {
            const Nanos w = tl.bucket_width();
            std::size_t b = t0 > tl.bucket_start(0) ? static_cast<std::size_t>((t0 - tl.bucket_start(0)) / w) : 0;
            for (; b < lane.summary.size() && tl.bucket_start(b) < std::min(t1, tl.detail_from()); ++b) {
                c.lost += lane.summary[b].lost_updates;
                c.deadlocks += lane.summary[b].deadlocks;
            }
        }
        auto [f, l] = Timeline::visible_markers(lane, t0, t1 - 1);
        for (std::size_t i = f; i < l && i < f + 64; ++i) { // 64 is plenty for one column's tick
            c.lost += lane.markers[i].kind == MarkKind::LostUpdate;
            c.deadlocks += lane.markers[i].kind == MarkKind::Deadlock;
        }
    }
    return c;
}

} // namespace

ImVec2 draw_timeline_overview(const Timeline& tl, TimelineViewState& view, ImVec2 size, float label_w,
                              const std::vector<TimeMarker>& markers) {
    const Palette& pal = palette();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##overview", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float x0 = o.x + label_w, w = std::max(1.0f, size.x - label_w);
    const float y0 = o.y + 2, y1 = o.y + size.y - 3;
    // Heading in the label column, the run's whole length in the strip.
    const float fs = ImGui::GetFontSize();
    const float label_px = fs * 0.75f;
    dl->AddText(ImGui::GetFont(), label_px, ImVec2(o.x + 4, o.y + (size.y - label_px) * 0.5f), pal.text_dim, tr("whole run"));
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + w, y1), pal.lane_bg_odd, 3);
    if (tl.empty()) return ImVec2(0, 0);
    if (tl.summarised()) // the summarised past, a shade darker
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(overview_x(tl, tl.detail_from(), x0, w), y1), pal.lane_bg_even, 3);
    // Lost updates per column: a red tick, taller the more there were (log scale).
    const Nanos run = std::max<Nanos>(tl.last_ts() - tl.first_ts(), 1);
    const int cols = static_cast<int>(w / kColumnPx);
    for (int col = 0; col < cols; ++col) {
        const Nanos t0 = tl.first_ts() + static_cast<Nanos>(static_cast<double>(run) * col / cols);
        const Nanos t1 = tl.first_ts() + static_cast<Nanos>(static_cast<double>(run) * (col + 1) / cols);
        const Counts c = count_in(tl, t0, std::max(t1, t0 + 1));
        if (c.lost == 0 && c.deadlocks == 0) continue;
        const float x = x0 + static_cast<float>(col) * kColumnPx;
        const float h = std::min(1.0f, 0.35f + 0.2f * std::log2(1.0f + static_cast<float>(c.lost + c.deadlocks))) * (y1 - y0);
        dl->AddRectFilled(ImVec2(x, y1 - h), ImVec2(x + kColumnPx, y1), c.deadlocks > 0 ? pal.deadlock : pal.lost_update);
    }
    // The demo's moments (lock on / off) as lines, in their colours.
    for (const TimeMarker& m : markers) {
        const float x = overview_x(tl, m.t, x0, w);
        dl->AddLine(ImVec2(x, o.y), ImVec2(x, o.y + size.y), m.good ? pal.good : pal.bad, std::max(2.0f, fs * 0.1f));
    }
    // The visible window: at least a few pixels wide so it can be seen and grabbed.
    float wx0 = overview_x(tl, view.t0, x0, w), wx1 = overview_x(tl, view.t0 + view.width, x0, w);
    if (wx1 - wx0 < 6) {
        const float mid = (wx0 + wx1) * 0.5f;
        wx0 = std::max(x0, mid - 3);
        wx1 = std::min(x0 + w, wx0 + 6);
    }
    dl->AddRectFilled(ImVec2(wx0, o.y), ImVec2(wx1, o.y + size.y), (pal.text & ~IM_COL32_A_MASK) | (40u << IM_COL32_A_SHIFT), 2);
    dl->AddRect(ImVec2(wx0, o.y), ImVec2(wx1, o.y + size.y), pal.text, 2, 0, 2.0f);
    // Press or drag: the window centres on that moment; at the right end it follows the run again.
    if (active) {
        const double f = std::clamp((ImGui::GetIO().MousePos.x - x0) / w, 0.0f, 1.0f);
        const Nanos t = tl.first_ts() + static_cast<Nanos>(f * static_cast<double>(run));
        view.t0 = std::clamp<Nanos>(t - view.width / 2, tl.first_ts() - view.width / 2, tl.last_ts() - view.width / 2);
        view.follow_live = view.t0 + view.width >= tl.last_ts();
        if (view.follow_live) view.follow_width = view.width;
    } else if (hovered) {
        ImGui::SetTooltip("%s", tr("The whole run: click or drag to move the view there; red ticks are lost updates"));
    }
    return ImVec2(wx0, wx1);
}

} // namespace tl::ui
