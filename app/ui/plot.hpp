// Small real-time plots drawn with ImDrawList (ImGui 1.86's PlotLines has no axes, floats only
// and one series): a frame with axes and a y grid, shaded x-bands, line series, bars, a legend.
//
//   PlotFrame f = begin_plot("##err", size, x0, x1, y0, y1, "balance");
//   plot_band(f, t_on, t_off, pal.lock_on_band);
//   plot_line(f, n, [&](int i) { return ImVec2(x[i], y[i]); }, pal.actual);
//   end_plot(f);
#pragma once
#include <functional>
#include <string>

#include <imgui.h>

namespace tl::ui {

struct PlotFrame {
    ImDrawList* dl = nullptr;
    ImVec2 min, max;      ///< plotting area in screen pixels (inside the axes)
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool hovered = false;
    float left = 0; ///< the frame's left edge (the y axis's numbers are between it and min.x)
    bool legend_row = false; ///< a row under the title is kept for the legend
    float title_left = 0, title_right = 0; ///< the title (y label) row's extent; 0 = no title
    std::string title;

    ImVec2 to_screen(double x, double y) const;
    float x_px(double x) const { return to_screen(x, y0).x; }
};

/// Reserves `size`, draws the frame, y ticks and the y label. Call end_plot() afterwards.
/// x ticks are labelled with x_unit; integer_x puts them on whole numbers only (rounds).
PlotFrame begin_plot(const char* id, ImVec2 size, double x0, double x1, double y0, double y1,
                     const char* y_label = nullptr, const char* x_unit = "s", bool integer_x = false);
void end_plot(PlotFrame& f);

/// A vertical band from x = a to x = b (lock periods).
void plot_band(const PlotFrame& f, double a, double b, ImU32 color);
/// A polyline of n points; at most ~2 points per pixel column are drawn.
void plot_line(const PlotFrame& f, int n, const std::function<ImVec2(int)>& point, ImU32 color, float thickness = 2.5f);
/// A bar from y0 to `y` at x centred, `width` in x units.
void plot_bar(const PlotFrame& f, double x, double width, double y, ImU32 color);
/// A vertical line at x across the plot with `label` at its top (a lock flip): the label sits
/// right of the line, or left of it near the right edge, on a dark chip so a line under it reads.
void plot_marker(const PlotFrame& f, double x, const char* label, ImU32 color);
/// Legend entries in a row at the top-left of the plot.
void plot_legend(const PlotFrame& f, std::initializer_list<std::pair<const char*, ImU32>> items);

/// A "nice" upper bound (1, 2, 5 x 10^k) at or above v.
double nice_ceil(double v);

} // namespace tl::ui
