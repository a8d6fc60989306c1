// The overview strip above the timeline: the whole run in one line, as profilers show it, so a
// lock flip or a burst of lost updates stays findable after it scrolled out of the view. The
// visible window is outlined; pressing or dragging in the strip moves the window there.
// Bounded per frame: the summarised past is read bucket by bucket (at most Timeline::kMaxBuckets
// per lane), the detail part column by column with binary searches.
#pragma once
#include <vector>

#include <imgui.h>

#include "app/ui/timeline_view.hpp"

namespace tl::ui {

/// The strip's height for a font size.
float overview_height(float font_px);

/// x of time t on a strip of width w starting at x0 that shows the whole run.
float overview_x(const Timeline& tl, Nanos t, float x0, float w);

/// Draws the strip at the cursor (an item of its own, `size` pixels, its plot starting `label_w`
/// in) and handles its clicks and drags. Returns the window mark's x range.
ImVec2 draw_timeline_overview(const Timeline& tl, TimelineViewState& view, ImVec2 size, float label_w,
                              const std::vector<TimeMarker>& markers);

} // namespace tl::ui
