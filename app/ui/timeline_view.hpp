// The thread timeline: a lane per thread, a colour per state, markers on top, a legend.
// Wheel zooms around the cursor, dragging pans, "follow live" keeps the newest events in view.
// Only the visible range is visited (binary search per lane) and runs of spans narrower than
// about 3 px are folded into one drawn item, so a frame costs O(pixels), not O(events).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/trace/timeline.hpp"

namespace tl::ui {

struct TimelineViewState {
    Nanos t0 = 0;             ///< left edge of the view
    Nanos width = 2'000'000'000; ///< visible duration
    bool follow_live = true;  ///< the right edge tracks the newest event
    Nanos follow_width = 2'000'000'000; ///< while following: the window grows with the run up to this
    float scroll_y = 0;       ///< lane scrolling when lanes do not fit
    Nanos step_unit = 0;      ///< a controlled run's logical time per step: the axis counts steps
    int pinned_lane = -1;     ///< a marker clicked to keep its explanation shown (projector: no hover)
    Nanos pinned_ts = 0;
    bool overview = false;    ///< the overview strip is up (from the first time the run outgrew the view)
};

struct TimelineDrawStats {
    int items = 0;        ///< rectangles drawn (spans and folds)
    int folded = 0;       ///< spans merged into folds
    int markers = 0;
    int lanes_drawn = 0;
    int clicked_lane = -1; ///< a lane clicked (released without dragging) this frame, or -1
    int lanes_total = 0;   ///< lanes in the timeline
    int first_lane = 0;    ///< the top lane shown
    float lane_h = 0;      ///< every lane's height
    std::string lanes_note;   ///< "showing 1-31 of 50 ..." when not every lane fits, else empty
    std::string marker_text;  ///< the marker explanation shown this frame (hovered or pinned), else empty
    float window_x0 = 0, window_x1 = 0; ///< the overview strip's mark of the visible window (0, 0: no strip)
};

/// A lane never gets thinner than this (its label stays readable): lanes that do not fit scroll.
float min_lane_height(float font_px);
struct LaneLayout {
    float lane_h = 0;
    int fit = 0; ///< lanes shown at once (all of them when they fit)
};
/// Lanes sharing `area_h` pixels: as tall as the area allows, between min_lane_height and
/// 2.2 lines; when n lanes do not fit at the minimum, as many as fit.
LaneLayout lane_layout(float area_h, int n_lanes, float font_px);

/// Explains a marker on lane `lane` in the UI's language ("Donor 7 overwrote Donor 3's 1100:
/// 100 lost"); empty when there is nothing to say.
using MarkerExplainer = std::function<std::string(int lane, const Marker& m)>;
/// The sentence for a lost update. `written`: what the writer wrote, when the caller knows it
/// ("Donor 7 wrote 1100 over Donor 3's 1100: 100 lost").
std::string lost_update_text(const Timeline& tl, int lane, const Marker& m, const std::int64_t* written = nullptr);
/// The default explanation of any marker kind.
std::string marker_text(const Timeline& tl, int lane, const Marker& m);

/// A note drawn at the right end of a lane, beyond the spans (step mode: the thread's next
/// operation, "1: read balance (1000)"). `active`: drawn as something to click; `dim`: greyed.
struct LaneNote {
    std::string text;
    bool active = false;
    bool dim = false;
};
/// The note of timeline lane `lane` (empty text: none).
using LaneNoter = std::function<LaneNote(int lane)>;

/// A moment marked across every lane: a vertical line at t with a label at the top (the
/// donation's lock flips, "lock on"). `good`: drawn in the "good" colour, else the "bad" one.
struct TimeMarker {
    Nanos t = 0;
    std::string label;
    bool good = true;
};

/// Names an object in tooltips ("lock 1", "fork 3"); may be empty.
using ObjectNamer = std::function<std::string(ThreadState, std::uint32_t)>;

/// Draws the timeline into the current window at the cursor, `size` pixels (0 = fill). With a
/// `noter`, each lane ends in its note (a column to the right of the spans) and clicks on lanes
/// are reported in the stats. `markers` are drawn over the lanes.
TimelineDrawStats draw_timeline(const char* id, const Timeline& tl, TimelineViewState& view, ImVec2 size,
                                const StateStyles& styles = StateStyles{}, const ObjectNamer& namer = {},
                                const LaneNoter& noter = {}, const std::vector<TimeMarker>& markers = {},
                                const MarkerExplainer& explain = {});

/// Draws into `dl` only (no input, no widgets): used by draw_timeline and by the benchmark.
TimelineDrawStats draw_timeline_lanes(ImDrawList* dl, const Timeline& tl, const TimelineViewState& view,
                                      ImVec2 origin, ImVec2 size, float label_w, float lane_h, int first_lane,
                                      const StateStyles& styles = StateStyles{});

/// The legend: one swatch per state present in the timeline, plus marker kinds.
void draw_timeline_legend(const Timeline& tl, const StateStyles& styles = StateStyles{});
/// A lane's name in the UI's language ("Donor 12", "捐款人 12").
std::string lane_label(const LaneName& name);

/// "12.5 ms", "1.20 s", "850 us".
std::string format_duration(Nanos ns);

} // namespace tl::ui
