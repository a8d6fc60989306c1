// [SECTION] index
// - lane drawing with folding (draw_timeline_lanes)
// - time axis
// - interaction: zoom, pan, follow live (draw_timeline)
// - legend
#include "app/ui/timeline_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "app/ui/i18n.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/timeline_overview.hpp"

namespace tl::ui {

std::string format_duration(Nanos ns) {
    char buf[32];
    const double a = std::fabs(static_cast<double>(ns));
    if (a >= 1e9)
        std::snprintf(buf, sizeof buf, tr("%.2f s"), static_cast<double>(ns) / 1e9);
    else if (a >= 1e6)
        std::snprintf(buf, sizeof buf, tr("%.1f ms"), static_cast<double>(ns) / 1e6);
    else if (a >= 1e3)
        std::snprintf(buf, sizeof buf, tr("%.0f us"), static_cast<double>(ns) / 1e3);
    else
        std::snprintf(buf, sizeof buf, tr("%lld ns"), static_cast<long long>(ns));
    return buf;
}

// [SECTION] lanes

// Spans narrower than this many pixels are merged with their neighbours into one item.
constexpr float kFoldPx = 3.0f;

// The summarised past of a lane: each bucket in the colour of its longest state, fainter the
// more of it was idle, with one marker where it had lost updates or a deadlock.
template <class ToX>
static void draw_summary(ImDrawList* dl, const Timeline& tl, const Lane& lane, const TimelineViewState& view, ToX to_x,
                         float y, float lane_h, float pad, const StateStyles& styles) {
    const Palette& pal = palette();
    const Nanos w = tl.bucket_width();
    const Nanos t1 = std::min(view.t0 + view.width, tl.detail_from());
    std::size_t b = view.t0 > tl.bucket_start(0) ? static_cast<std::size_t>((view.t0 - tl.bucket_start(0)) / w) : 0;
    for (; b < lane.summary.size() && tl.bucket_start(b) < t1; ++b) {
        const SummaryBucket& sb = lane.summary[b];
        const Nanos busy = sb.busy_ns();
        if (busy == 0 && sb.markers == 0) continue;
        const float bx0 = to_x(tl.bucket_start(b)), bx1 = std::max(to_x(std::min(tl.bucket_start(b + 1), tl.detail_from())), bx0 + 1.0f);
        if (busy > 0) {
            ImU32 col = pal.of(styles, sb.dominant());
            const float share = std::clamp(static_cast<float>(static_cast<double>(busy) / static_cast<double>(w)), 0.25f, 1.0f);
            col = (col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(static_cast<float>((col >> IM_COL32_A_SHIFT) & 0xFF) * share) << IM_COL32_A_SHIFT);
            dl->AddRectFilled(ImVec2(bx0, y + pad), ImVec2(bx1, y + lane_h - pad), col);
        }
        if (sb.lost_updates > 0 || sb.deadlocks > 0) {
            const float mx = (bx0 + bx1) * 0.5f, tri = std::max(3.0f, std::min(lane_h * 0.45f, 9.0f));
            dl->AddTriangleFilled(ImVec2(mx - tri, y), ImVec2(mx + tri, y), ImVec2(mx, y + tri * 1.6f),
                                  sb.deadlocks > 0 ? pal.deadlock : pal.lost_update);
        }
    }
}

TimelineDrawStats draw_timeline_lanes(ImDrawList* dl, const Timeline& tl, const TimelineViewState& view,
                                      ImVec2 origin, ImVec2 size, float label_w, float lane_h, int first_lane,
                                      const StateStyles& styles) {
    TimelineDrawStats st;
    const Palette& pal = palette();
    const float x0 = origin.x + label_w;
    const float plot_w = std::max(1.0f, size.x - label_w);
    const double px_per_ns = plot_w / static_cast<double>(std::max<Nanos>(view.width, 1));
    const Nanos t1 = view.t0 + view.width;
    auto to_x = [&](Nanos t) {
        return x0 + static_cast<float>(std::clamp(static_cast<double>(t - view.t0) * px_per_ns, -1.0, plot_w + 1.0));
    };
    const float pad = lane_h > 6 ? 1.0f : 0.0f;
    const auto& lanes = tl.lanes();
    const int n_visible = static_cast<int>(std::ceil(size.y / lane_h - 0.01f));
    ImFont* font = ImGui::GetFont();
    const float label_px = std::min(ImGui::GetFontSize(), lane_h * 0.95f);
    for (int li = first_lane; li < static_cast<int>(lanes.size()) && li < first_lane + n_visible; ++li) {
        const Lane& lane = lanes[static_cast<std::size_t>(li)];
        const float y = origin.y + static_cast<float>(li - first_lane) * lane_h;
        dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y + lane_h),
                          (li & 1) ? pal.lane_bg_odd : pal.lane_bg_even);
        if (label_px >= 7.0f)
            dl->AddText(font, label_px, ImVec2(origin.x + 4, y + (lane_h - label_px) * 0.5f), pal.text,
                        lane_label(lane.name).c_str());
        ++st.lanes_drawn;

        if (tl.summarised() && view.t0 < tl.detail_from()) draw_summary(dl, tl, lane, view, to_x, y, lane_h, pad, styles);
        auto [first, last] = Timeline::visible_spans(lane, view.t0, t1);
        const auto& spans = lane.spans;
        std::size_t i = first;
        while (i < last) {
            const Span& s = spans[i];
            const float sx0 = to_x(s.start), sx1 = to_x(s.end);
            if (sx1 - sx0 >= kFoldPx) {
                dl->AddRectFilled(ImVec2(sx0, y + pad), ImVec2(sx1, y + lane_h - pad), pal.of(styles, s.state));
                if (s.state == ThreadState::Working && s.object != 0) { // object = task id
                    // A task is a labelled block: "#id", with an edge so back-to-back tasks stay apart.
                    dl->AddLine(ImVec2(sx0, y + pad), ImVec2(sx0, y + lane_h - pad), pal.lane_bg_even, 2.0f);
                    char id[16];
                    std::snprintf(id, sizeof id, "#%u", s.object);
                    const float tw = font->CalcTextSizeA(label_px, FLT_MAX, 0, id).x;
                    if (label_px >= 7.0f && sx1 - sx0 > tw + 6)
                        dl->AddText(font, label_px, ImVec2(sx0 + 3, y + (lane_h - label_px) * 0.5f), IM_COL32(0, 0, 0, 255), id);
                }
                ++st.items;
                ++i;
                continue;
            }
            // A fold: every span ending within kFoldPx of this one joins it. Found by binary search,
            // so a frame costs O(pixels x log spans) however many spans are in view.
            const Nanos t_stop = view.t0 + static_cast<Nanos>((sx0 + kFoldPx - x0) / px_per_ns);
            auto it = std::lower_bound(spans.begin() + static_cast<std::ptrdiff_t>(i),
                                       spans.begin() + static_cast<std::ptrdiff_t>(last), t_stop,
                                       [](const Span& sp, Nanos t) { return sp.end < t; });
            std::size_t k = static_cast<std::size_t>(it - spans.begin());
            if (k < last && to_x(spans[k].end) - to_x(spans[k].start) < kFoldPx) ++k; // the one crossing the edge
            if (k <= i) k = i + 1;
            // Its colour is the state that lasted longest (sampled when the fold holds many spans).
            Nanos dur[static_cast<int>(ThreadState::Count)] = {};
            const std::size_t n = k - i, step = n > 16 ? n / 8 : 1;
            for (std::size_t j = i; j < k; j += step)
                dur[static_cast<int>(spans[j].state)] += spans[j].end - spans[j].start + 1;
            int best = 1;
            for (int c = 1; c < static_cast<int>(ThreadState::Count); ++c)
                if (dur[c] > dur[best]) best = c;
            const float fx1 = std::max(to_x(spans[k - 1].end), sx0 + 1.0f);
            dl->AddRectFilled(ImVec2(sx0, y + pad), ImVec2(fx1, y + lane_h - pad), pal.of(styles, static_cast<ThreadState>(best)));
            ++st.items;
            st.folded += static_cast<int>(n);
            i = k;
        }

        // Markers: a downward triangle at the top of the lane; at most one per 2 px.
        auto [mf, ml] = Timeline::visible_markers(lane, view.t0, t1);
        float last_mx = -1e9f;
        const float tri = std::max(3.0f, std::min(lane_h * 0.45f, 9.0f));
        for (std::size_t i = mf; i < ml; ++i) {
            const Marker& m = lane.markers[i];
            const float mx = to_x(m.ts);
            if (mx - last_mx < 2.0f) continue;
            last_mx = mx;
            const ImU32 col = m.kind == MarkKind::LostUpdate ? pal.lost_update
                              : m.kind == MarkKind::Deadlock ? pal.deadlock
                                                             : pal.note;
            dl->AddTriangleFilled(ImVec2(mx - tri, y), ImVec2(mx + tri, y), ImVec2(mx, y + tri * 1.6f), col);
            ++st.markers;
        }
        if (lane.overflow > 0) {
            char buf[48];
            std::snprintf(buf, sizeof buf, tr("%llu dropped"), static_cast<unsigned long long>(lane.overflow));
            const ImVec2 ts = ImGui::CalcTextSize(buf);
            dl->AddText(font, label_px, ImVec2(origin.x + size.x - ts.x * label_px / ImGui::GetFontSize() - 4, y),
                        pal.bad, buf);
        }
    }
    return st;
}

// [SECTION] time axis

static void draw_axis(ImDrawList* dl, const TimelineViewState& view, ImVec2 origin, float label_w, float w,
                      float axis_h, float lanes_h, Nanos epoch) {
    const Palette& pal = palette();
    const float plot_w = w - label_w;
    // Tick step: 1, 2 or 5 times a power of ten, about 110 px apart, and never closer than a
    // label is wide (at scale 2, "100.0 ms" is 150 px).
    const double apart = std::max(110.0f, ImGui::CalcTextSize("888.8 ms").x + 16);
    const double target = static_cast<double>(view.width) * apart / std::max(1.0f, plot_w);
    double step = std::pow(10.0, std::floor(std::log10(std::max(target, 1.0))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (step * m >= target) {
            step *= m;
            break;
        }
    // A controlled run counts steps, not time: a tick every 1, 2, 5, 10... steps, "step 3".
    const Nanos unit = view.step_unit;
    if (unit > 0) {
        const double close = static_cast<double>(view.width) * std::max(60.0f, ImGui::CalcTextSize("888").x + 16) /
                             std::max(1.0f, plot_w); // numbers are short
        step = static_cast<double>(unit);
        for (double m : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0})
            if (static_cast<double>(unit) * m >= close) {
                step = static_cast<double>(unit) * m;
                break;
            }
    }
    const auto s = static_cast<Nanos>(step);
    Nanos t = ((view.t0 - epoch) / s) * s + epoch;
    if (unit > 0) dl->AddText(ImVec2(origin.x + 4, origin.y), pal.axis_text, tr("step"));
    for (; t <= view.t0 + view.width; t += s) {
        if (t < view.t0) continue;
        const float x = origin.x + label_w + static_cast<float>(static_cast<double>(t - view.t0) * plot_w / view.width);
        dl->AddLine(ImVec2(x, origin.y + axis_h - 4), ImVec2(x, origin.y + axis_h + lanes_h), pal.grid);
        std::string label;
        if (unit > 0) { // the step that begins here (the word "step" heads the lane labels)
            label = std::to_string((t - epoch) / unit + 1);
        } else {
            label = format_duration(t - epoch);
        }
        // A label that would run past the right edge is left out (its tick line stays).
        if (x + 3 + ImGui::CalcTextSize(label.c_str()).x <= origin.x + w) dl->AddText(ImVec2(x + 3, origin.y), pal.axis_text, label.c_str());
    }
}

// [SECTION] interaction

// The notes' column at the right of the lanes: a box per lane, bright when it can be clicked.
static void draw_lane_notes(ImDrawList* dl, const std::vector<LaneNote>& notes, ImVec2 origin, float w, float lane_h,
                            int first_lane, float lanes_h) {
    const Palette& pal = palette();
    ImFont* font = ImGui::GetFont();
    const float px = std::min(ImGui::GetFontSize(), lane_h * 0.9f);
    if (px < 7.0f) return;
    const float pad = std::max(1.0f, lane_h * 0.08f);
    for (int li = first_lane; li < static_cast<int>(notes.size()); ++li) {
        const float y = origin.y + static_cast<float>(li - first_lane) * lane_h;
        if (y >= origin.y + lanes_h) break;
        const LaneNote& n = notes[static_cast<std::size_t>(li)];
        dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + w, y + lane_h), (li & 1) ? pal.lane_bg_odd : pal.lane_bg_even);
        if (n.text.empty()) continue;
        const ImU32 ink = n.dim ? pal.text_dim : pal.text;
        if (n.active) dl->AddRectFilled(ImVec2(origin.x + 3, y + pad), ImVec2(origin.x + w - 3, y + lane_h - pad), pal.lane_bg_odd, 4);
        dl->AddRect(ImVec2(origin.x + 3, y + pad), ImVec2(origin.x + w - 3, y + lane_h - pad), n.active ? pal.good : pal.grid, 4,
                    0, n.active ? 2.0f : 1.0f);
        dl->PushClipRect(ImVec2(origin.x + 3, y), ImVec2(origin.x + w - 6, y + lane_h), true);
        dl->AddText(font, px, ImVec2(origin.x + 8, y + (lane_h - px) * 0.5f), ink, n.text.c_str());
        dl->PopClipRect();
    }
}

// Markers over the lanes: a line from the axis down, the label on a chip at the top (staggered
// in rows when two would overlap), right of the line unless that runs off the plot.
static void draw_time_markers(ImDrawList* dl, const std::vector<TimeMarker>& markers, const TimelineViewState& view,
                              ImVec2 origin, float label_w, float w, float axis_h, float lanes_h) {
    const Palette& pal = palette();
    const float plot_w = std::max(1.0f, w - label_w);
    const float fs = ImGui::GetFontSize();
    const float pad = fs * 0.2f;
    std::vector<float> row_end; // right edge of the last chip in each row
    for (const TimeMarker& m : markers) {
        if (m.t < view.t0 || m.t > view.t0 + view.width) continue;
        const float x = origin.x + label_w + static_cast<float>(static_cast<double>(m.t - view.t0) * plot_w / view.width);
        const ImU32 col = m.good ? pal.good : pal.bad;
        dl->AddLine(ImVec2(x, origin.y + axis_h * 0.5f), ImVec2(x, origin.y + axis_h + lanes_h), col, std::max(2.0f, fs * 0.12f));
        if (m.label.empty()) continue;
        const ImVec2 ts = ImGui::CalcTextSize(m.label.c_str());
        float lx = x + pad * 2;
        if (lx + ts.x + pad > origin.x + w) lx = std::max(origin.x + label_w + pad, x - pad * 2 - ts.x);
        std::size_t row = 0;
        while (row < row_end.size() && row_end[row] > lx - pad) ++row;
        if (row == row_end.size()) row_end.push_back(0);
        row_end[row] = lx + ts.x + pad;
        const float ly = origin.y + axis_h + pad + static_cast<float>(row) * (ts.y + pad * 2);
        if (ly + ts.y > origin.y + axis_h + lanes_h) continue; // no room: the line alone
        dl->AddRectFilled(ImVec2(lx - pad, ly - pad * 0.5f), ImVec2(lx + ts.x + pad, ly + ts.y + pad * 0.5f), pal.lane_bg_odd, pad);
        dl->AddRect(ImVec2(lx - pad, ly - pad * 0.5f), ImVec2(lx + ts.x + pad, ly + ts.y + pad * 0.5f), col, pad);
        dl->AddText(ImVec2(lx, ly), col, m.label.c_str());
    }
}

// Labels are drawn at 0.95 of the lane: 17 px keeps them at 16 px or more.
float min_lane_height(float font_px) { return std::max(17.0f, std::round(font_px * 0.65f)); }

LaneLayout lane_layout(float area_h, int n_lanes, float font_px) {
    const int n = std::max(1, n_lanes);
    const float lo = min_lane_height(font_px);
    LaneLayout l;
    l.lane_h = std::clamp(area_h / static_cast<float>(n), lo, std::max(lo, font_px * 2.2f));
    l.fit = std::clamp(static_cast<int>(std::floor(area_h / l.lane_h + 0.01f)), 1, n);
    return l;
}

// The marker under the mouse on lane li (within a triangle's half width), or null.
static const Marker* marker_at(const Lane& lane, Nanos t, Nanos slack) {
    auto [f, l] = Timeline::visible_markers(lane, t - slack, t + slack);
    const Marker* best = nullptr;
    for (std::size_t i = f; i < l; ++i)
        if (!best || std::llabs(lane.markers[i].ts - t) < std::llabs(best->ts - t)) best = &lane.markers[i];
    return best;
}

// A pinned explanation: a chip under the marker, kept inside the plot.
static void draw_pinned(ImDrawList* dl, const std::string& text, float mx, float y, float plot_x0, float plot_x1) {
    const Palette& pal = palette();
    const float pad = ImGui::GetFontSize() * 0.3f;
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float x = std::clamp(mx - ts.x * 0.5f, plot_x0 + pad, std::max(plot_x0 + pad, plot_x1 - ts.x - pad));
    dl->AddRectFilled(ImVec2(x - pad, y), ImVec2(x + ts.x + pad, y + ts.y + pad * 2), pal.lane_bg_even, pad);
    dl->AddRect(ImVec2(x - pad, y), ImVec2(x + ts.x + pad, y + ts.y + pad * 2), pal.lost_update, pad, 0, 2.0f);
    dl->AddText(ImVec2(x, y + pad), pal.text, text.c_str());
}

TimelineDrawStats draw_timeline(const char* id, const Timeline& tl, TimelineViewState& view, ImVec2 size,
                                const StateStyles& styles, const ObjectNamer& namer, const LaneNoter& noter,
                                const std::vector<TimeMarker>& markers, const MarkerExplainer& explain) {
    ImGui::PushID(id);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = avail.x;
    if (size.y <= 0) size.y = avail.y;
    const float font = ImGui::GetFontSize();
    const float axis_h = font + 4;
    const auto& lanes = tl.lanes();
    const int n_lanes = std::max<int>(1, static_cast<int>(lanes.size()));
    float label_w = 0;
    for (const Lane& l : lanes) label_w = std::max(label_w, ImGui::CalcTextSize(lane_label(l.name).c_str()).x);
    label_w = std::min(label_w + 10, size.x * 0.3f);
    if (view.step_unit > 0) label_w = std::max(label_w, ImGui::CalcTextSize(tr("step")).x + 14); // the axis's heading

    // The overview strip, once the run has outgrown the view (it then stays, so nothing jumps).
    if (tl.empty()) view.overview = false;
    else if (!view.follow_live || tl.first_ts() < view.t0) view.overview = true;
    TimelineDrawStats pre;
    const float oh = view.overview ? overview_height(font) + ImGui::GetStyle().ItemSpacing.y : 0.0f;
    // Lanes share the height but never get thinner than min_lane_height: the rest scroll, and a
    // note above the lane names says which are shown (the label column is made wide enough for it).
    float lanes_area = std::max(1.0f, size.y - oh - axis_h);
    const LaneLayout lay = lane_layout(lanes_area, n_lanes, font);
    const bool scrolling = lay.fit < n_lanes;
    const float note_px = font * 0.8f;
    if (scrolling) {
        const std::string widest = printf_string(tr("%1$d-%2$d of %3$d"), n_lanes, n_lanes, n_lanes);
        label_w = std::max(label_w, ImGui::GetFont()->CalcTextSizeA(note_px, FLT_MAX, 0, widest.c_str()).x + 12);
    }
    if (view.overview) {
        label_w = std::max(label_w, ImGui::CalcTextSize(tr("whole run")).x * 0.75f + 10);
        const ImVec2 win = draw_timeline_overview(tl, view, ImVec2(size.x, overview_height(font)), label_w, markers);
        pre.window_x0 = win.x;
        pre.window_x1 = win.y;
        size.y = std::max(1.0f, size.y - oh);
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float lane_h = lay.lane_h;
    const float content_h = lane_h * static_cast<float>(n_lanes);
    // Notes take a column on the right, as wide as the longest (at most 45% of the width).
    std::vector<LaneNote> notes;
    float note_w = 0;
    if (noter) {
        const float note_px = std::min(font, lane_h * 0.9f);
        for (int li = 0; li < static_cast<int>(lanes.size()); ++li) {
            notes.push_back(noter(li));
            if (!notes.back().text.empty())
                note_w = std::max(note_w, ImGui::CalcTextSize(notes.back().text.c_str()).x * note_px / font + 18);
        }
        note_w = std::min(note_w, size.x * 0.45f);
    }
    const float full_w = size.x;
    size.x = std::max(1.0f, size.x - note_w);

    ImGui::InvisibleButton("##canvas", ImVec2(full_w, size.y));
    const bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    const float plot_w = std::max(1.0f, size.x - label_w);

    // Follow live: the right edge is the newest event.
    if (!tl.empty() && view.follow_live) {
        // A short run fills the view; a long one scrolls with its newest follow_width shown.
        const Nanos run = tl.last_ts() - tl.first_ts();
        view.width = std::clamp<Nanos>(run + run / 50, 1'000'000, view.follow_width);
        view.t0 = tl.last_ts() - view.width;
    }
    if (hovered && io.MouseWheel != 0 && !io.KeyShift) {
        // Zoom around the cursor: the time under the mouse stays put.
        const float mx = std::clamp(io.MousePos.x - origin.x - label_w, 0.0f, plot_w);
        const double frac = mx / plot_w;
        const Nanos t_mouse = view.t0 + static_cast<Nanos>(frac * static_cast<double>(view.width));
        const double factor = std::pow(0.8, io.MouseWheel);
        view.width = std::clamp<Nanos>(static_cast<Nanos>(static_cast<double>(view.width) * factor), 10'000,
                                       3600LL * 1'000'000'000);
        view.t0 = t_mouse - static_cast<Nanos>(frac * static_cast<double>(view.width));
        view.follow_live = mx > plot_w * 0.97f && view.follow_live; // zooming at the right edge keeps following
        if (view.follow_live) view.follow_width = view.width;
    }
    if (hovered && io.MouseWheel != 0 && io.KeyShift) view.scroll_y -= io.MouseWheel * lane_h * 3;
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        view.t0 -= static_cast<Nanos>(io.MouseDelta.x / plot_w * static_cast<double>(view.width));
        view.scroll_y -= io.MouseDelta.y;
        if (io.MouseDelta.x != 0) view.follow_live = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !tl.empty()) {
        view.follow_width = std::max<Nanos>(tl.last_ts() - tl.first_ts(), 1'000'000);
        view.follow_live = true;
    }
    const float shown_h = lane_h * static_cast<float>(lay.fit);
    view.scroll_y = std::clamp(view.scroll_y, 0.0f, std::max(0.0f, content_h - shown_h));
    const int first_lane = std::min(static_cast<int>(view.scroll_y / lane_h + 0.5f), n_lanes - lay.fit);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, ImVec2(origin.x + full_w, origin.y + size.y), true);
    const ImVec2 lanes_origin(origin.x, origin.y + axis_h);
    TimelineDrawStats st =
        draw_timeline_lanes(dl, tl, view, lanes_origin, ImVec2(size.x, shown_h), label_w, lane_h, first_lane, styles);
    st.window_x0 = pre.window_x0;
    st.window_x1 = pre.window_x1;
    st.lanes_total = static_cast<int>(lanes.size());
    st.first_lane = first_lane;
    st.lane_h = lane_h;
    draw_axis(dl, view, origin, label_w, size.x, axis_h, std::min(shown_h, content_h), tl.empty() ? 0 : tl.first_ts());
    if (!markers.empty()) draw_time_markers(dl, markers, view, origin, label_w, size.x, axis_h, std::min(shown_h, content_h));
    if (!notes.empty())
        draw_lane_notes(dl, notes, ImVec2(origin.x + size.x, lanes_origin.y), note_w, lane_h, first_lane, shown_h);
    if (scrolling) {
        // Which lanes are shown, on a footer line, and a thumb at the right edge of the lanes.
        // The note sits above the lane names, where the axis leaves room; hovering it says more.
        st.lanes_note = printf_string(tr("%1$d-%2$d of %3$d"), first_lane + 1, first_lane + lay.fit, n_lanes);
        const ImVec2 np(origin.x + 4, origin.y + (axis_h - note_px) * 0.5f);
        dl->AddText(ImGui::GetFont(), note_px, np, palette().text_dim, st.lanes_note.c_str());
        const ImVec2 ns = ImGui::GetFont()->CalcTextSizeA(note_px, FLT_MAX, 0, st.lanes_note.c_str());
        const ImVec2 m = io.MousePos;
        if (hovered && m.x >= np.x && m.x <= np.x + ns.x && m.y >= origin.y && m.y <= origin.y + axis_h)
            ImGui::SetTooltip(tr("Showing lanes %1$d-%2$d of %3$d: Shift+wheel or drag up/down for the rest"), first_lane + 1,
                              first_lane + lay.fit, n_lanes);
        const float th0 = shown_h * static_cast<float>(first_lane) / static_cast<float>(n_lanes);
        const float th1 = shown_h * static_cast<float>(first_lane + lay.fit) / static_cast<float>(n_lanes);
        dl->AddRectFilled(ImVec2(origin.x + size.x - 5, lanes_origin.y + th0), ImVec2(origin.x + size.x - 1, lanes_origin.y + th1),
                          palette().text_dim, 2);
    }
    // A click (a press released without dragging) on a lane: the lane, for whoever gave the notes.
    if (noter && ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 16.0f && ImGui::IsItemHovered()) {
        const int li = first_lane + static_cast<int>(std::floor((io.MousePos.y - lanes_origin.y) / lane_h));
        if (io.MousePos.y >= lanes_origin.y && li >= 0 && li < static_cast<int>(lanes.size())) st.clicked_lane = li;
    }
    if (tl.summarised()) { // one line: how far back the detail goes
        char buf[160];
        std::snprintf(buf, sizeof buf, tr("Last %s in detail; older history summarised"),
                      format_duration(tl.last_ts() - tl.detail_from()).c_str());
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        const ImVec2 p(origin.x + std::max(label_w, size.x - ts.x - 8), origin.y + size.y - ts.y - 4);
        dl->AddRectFilled(ImVec2(p.x - 4, p.y - 1), ImVec2(p.x + ts.x + 4, p.y + ts.y + 1), palette().lane_bg_even, 3);
        dl->AddText(p, palette().text_dim, buf);
    }
    if (tl.empty() && notes.empty())
        dl->AddText(ImVec2(origin.x + label_w + 10, origin.y + axis_h + 10), palette().text_dim,
                    tr("No threads yet: press Start (Space)."));
    dl->PopClipRect();

    // Over a note: the note whole (a long one is cut to fit its column).
    if (hovered && !notes.empty() && io.MousePos.x >= origin.x + size.x) {
        const int li = first_lane + static_cast<int>(std::floor((io.MousePos.y - lanes_origin.y) / lane_h));
        if (io.MousePos.y >= lanes_origin.y && li >= 0 && li < static_cast<int>(notes.size()) && !notes[static_cast<std::size_t>(li)].text.empty())
            ImGui::SetTooltip("%s", notes[static_cast<std::size_t>(li)].text.c_str());
    }
    // Markers explained: hovered, or pinned by a click (a projector has no hover).
    const double ns_per_px = static_cast<double>(std::max<Nanos>(view.width, 1)) / plot_w;
    auto say = [&](int li, const Marker& m) { return explain ? explain(li, m) : marker_text(tl, li, m); };
    bool on_marker = false;
    if (hovered && !ImGui::IsMouseDragging(ImGuiMouseButton_Left) && io.MousePos.y >= lanes_origin.y) {
        const int li = first_lane + static_cast<int>((io.MousePos.y - lanes_origin.y) / lane_h);
        const float mx = io.MousePos.x - origin.x - label_w;
        if (li >= 0 && li < first_lane + lay.fit && li < static_cast<int>(lanes.size()) && mx >= 0 && mx <= plot_w) {
            const Nanos t = view.t0 + static_cast<Nanos>(mx * ns_per_px);
            const float tri = std::max(3.0f, std::min(lane_h * 0.45f, 9.0f));
            if (const Marker* m = marker_at(lanes[static_cast<std::size_t>(li)], t, static_cast<Nanos>((tri + 2) * ns_per_px))) {
                const std::string text = say(li, *m);
                if (!text.empty()) {
                    on_marker = true;
                    st.marker_text = text;
                    ImGui::SetTooltip("%s\n%s", text.c_str(), tr("(click to keep this shown)"));
                    if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 16.0f) {
                        const bool same = view.pinned_lane == li && view.pinned_ts == m->ts;
                        view.pinned_lane = same ? -1 : li; // a second click unpins
                        view.pinned_ts = m->ts;
                    }
                }
            }
        }
        if (!on_marker && ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 16.0f) view.pinned_lane = -1;
        if (on_marker) st.clicked_lane = -1; // a click on a marker pins it; it does not step the lane's thread
    }
    if (view.pinned_lane >= 0 && view.pinned_lane < static_cast<int>(lanes.size())) {
        const Lane& lane = lanes[static_cast<std::size_t>(view.pinned_lane)];
        auto [f, l] = Timeline::visible_markers(lane, view.pinned_ts, view.pinned_ts);
        const bool visible = view.pinned_ts >= view.t0 && view.pinned_ts <= view.t0 + view.width &&
                             view.pinned_lane >= first_lane && view.pinned_lane < first_lane + lay.fit;
        if (f < l && visible) {
            const std::string text = say(view.pinned_lane, lane.markers[f]);
            if (st.marker_text.empty()) st.marker_text = text;
            const float mx = origin.x + label_w + static_cast<float>(static_cast<double>(view.pinned_ts - view.t0) / ns_per_px);
            float y = lanes_origin.y + static_cast<float>(view.pinned_lane - first_lane + 1) * lane_h;
            if (y + font * 1.8f > lanes_origin.y + shown_h) y -= lane_h + font * 1.8f; // near the bottom: above
            ImDrawList* fg = ImGui::GetWindowDrawList();
            fg->AddCircle(ImVec2(mx, lanes_origin.y + static_cast<float>(view.pinned_lane - first_lane) * lane_h + lane_h * 0.3f),
                          std::max(6.0f, lane_h * 0.5f), palette().lost_update, 16, 2.0f);
            draw_pinned(fg, text, mx, y, origin.x + label_w, origin.x + size.x);
        }
    }
    // Tooltip: lane, state and duration under the mouse.
    if (hovered && !on_marker && !ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        const int li = first_lane + static_cast<int>((io.MousePos.y - lanes_origin.y) / lane_h);
        const float mx = io.MousePos.x - origin.x - label_w;
        if (li >= 0 && li < static_cast<int>(lanes.size()) && mx >= 0 && mx <= plot_w) {
            const Nanos t = view.t0 + static_cast<Nanos>(mx / plot_w * static_cast<double>(view.width));
            const Lane& lane = lanes[static_cast<std::size_t>(li)];
            auto [f, l] = Timeline::visible_spans(lane, t, t);
            if (f < l) {
                const Span& s = lane.spans[f];
                std::string what = tr(styles[s.state].label);
                if (namer) {
                    const std::string obj = namer(s.state, s.object);
                    if (!obj.empty()) what.append(" ").append(obj); // (not " " + ...: a GCC 12 -Wrestrict false alarm)
                }
                ImGui::SetTooltip(tr("%s\n%s for %s"), lane_label(lane.name).c_str(), what.c_str(),
                                  format_duration(s.end - s.start).c_str());
            }
        }
    }
    ImGui::PopID();
    return st;
}

// [SECTION] legend

std::string lane_label(const LaneName& name) { return name.render(tr(name.format)); }

void draw_timeline_legend(const Timeline& tl, const StateStyles& styles) {
    bool present[static_cast<int>(ThreadState::Count)] = {};
    bool lost = false, deadlock = false;
    for (const Lane& l : tl.lanes()) {
        // The first few hundred spans of each lane are enough to know which states occur.
        for (std::size_t i = 0; i < l.spans.size() && i < 512; ++i) present[static_cast<int>(l.spans[i].state)] = true;
        if (!l.spans.empty()) present[static_cast<int>(l.spans.back().state)] = true;
        for (const Marker& m : l.markers) {
            lost = lost || m.kind == MarkKind::LostUpdate;
            deadlock = deadlock || m.kind == MarkKind::Deadlock;
            if (lost && deadlock) break;
        }
    }
    const Palette& pal = palette();
    const float sw = ImGui::GetFontSize();
    bool first = true;
    auto swatch = [&](ImU32 col, const char* label, bool triangle) {
        // An entry that does not fit what is left of the line starts the next one.
        const float w = sw * 1.5f + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(tr(label)).x;
        if (!first && w > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
        first = false;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (triangle)
            dl->AddTriangleFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + sw, p.y + 2), ImVec2(p.x + sw / 2, p.y + sw), col);
        else
            dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + sw * 1.4f, p.y + sw - 2), col, 2);
        ImGui::Dummy(ImVec2(sw * 1.5f, sw));
        ImGui::SameLine();
        ImGui::TextUnformatted(tr(label));
        audit_item("timeline legend", tr(label));
        ImGui::SameLine(0, sw);
    };
    // Running, waiting and holding always appear so the legend does not jump as a run starts.
    present[static_cast<int>(ThreadState::Running)] = true;
    for (int s = 1; s < static_cast<int>(ThreadState::Count); ++s)
        if (present[s]) swatch(pal.of(styles, static_cast<ThreadState>(s)), styles.of[s].label.c_str(), false);
    if (lost) swatch(pal.lost_update, "lost update", true);
    if (deadlock) swatch(pal.deadlock, "deadlock", true);
    ImGui::NewLine();
}

} // namespace tl::ui
