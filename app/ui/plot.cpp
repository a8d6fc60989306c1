#include "app/ui/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/ui/i18n.hpp"
#include "app/ui/layout_audit.hpp"
#include "app/ui/theme.hpp"

namespace tl::ui {

double nice_ceil(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}

ImVec2 PlotFrame::to_screen(double x, double y) const {
    const double fx = (x - x0) / (x1 - x0 == 0 ? 1 : x1 - x0);
    const double fy = (y - y0) / (y1 - y0 == 0 ? 1 : y1 - y0);
    return ImVec2(min.x + static_cast<float>(fx) * (max.x - min.x), max.y - static_cast<float>(fy) * (max.y - min.y));
}

static void fmt_num(char* buf, std::size_t n, double v) {
    if (std::fabs(v) >= 10000)
        std::snprintf(buf, n, "%.0fk", v / 1000);
    else if (std::fabs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, n, "%.0f", v);
    else
        std::snprintf(buf, n, "%.2g", v);
}

PlotFrame begin_plot(const char* id, ImVec2 size, double x0, double x1, double y0, double y1, const char* y_label,
                     const char* x_unit, bool integer_x) {
    PlotFrame f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = avail.x;
    if (size.y <= 0) size.y = avail.y;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    f.hovered = ImGui::IsItemHovered();
    f.dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    char buf[32];
    float label_w = 0;
    for (int i = 0; i <= 4; ++i) {
        fmt_num(buf, sizeof buf, y0 + (y1 - y0) * i / 4.0);
        label_w = std::max(label_w, ImGui::CalcTextSize(buf).x);
    }
    const float left = label_w + fs * 0.6f;
    f.left = p.x;
    // A row above for the label and the legend; more when the label must wrap (a narrow plot).
    // A title wider than half the plot leaves no room for a legend beside it: the legend gets
    // a row of its own under the title (plot_legend), above the plotting area.
    const ImVec2 title_size = y_label ? ImGui::CalcTextSize(tr(y_label), nullptr, false, size.x) : ImVec2(0, fs);
    f.legend_row = y_label && title_size.x > size.x * 0.45f;
    f.min = ImVec2(p.x + left, p.y + title_size.y + fs * 0.3f + (f.legend_row ? fs * 1.6f : 0.0f));
    f.max = ImVec2(p.x + size.x - fs * 0.4f, p.y + size.y - fs * 1.3f);
    f.x0 = x0;
    f.x1 = x1 > x0 ? x1 : x0 + 1;
    f.y0 = y0;
    f.y1 = y1 > y0 ? y1 : y0 + 1;
    const Palette& pal = palette();
    f.dl->AddRectFilled(f.min, f.max, pal.lane_bg_even);
    // y grid: 4 intervals; on a plot too short for five numbers, every second one or the ends
    // only, so they never overprint.
    const float interval_px = (f.max.y - f.min.y) / 4;
    const int label_every = interval_px >= fs * 1.05f ? 1 : interval_px * 2 >= fs * 1.05f ? 2 : 4;
    for (int i = 0; i <= 4; ++i) {
        const double v = f.y0 + (f.y1 - f.y0) * i / 4.0;
        const float y = f.to_screen(f.x0, v).y;
        f.dl->AddLine(ImVec2(f.min.x, y), ImVec2(f.max.x, y), pal.grid);
        if (i % label_every != 0) continue;
        fmt_num(buf, sizeof buf, v);
        const float w = ImGui::CalcTextSize(buf).x;
        f.dl->AddText(ImVec2(f.min.x - w - fs * 0.3f, y - fs * 0.5f), pal.axis_text, buf);
    }
    // x ticks: about 5, labelled in x_unit.
    const double span = f.x1 - f.x0;
    const double step = integer_x ? std::max(1.0, nice_ceil(span / 8)) : nice_ceil(span / 5);
    for (double x = std::ceil(f.x0 / step) * step; x <= f.x1 + 1e-9; x += step) {
        const float sx = f.x_px(x);
        f.dl->AddLine(ImVec2(sx, f.max.y), ImVec2(sx, f.max.y + 4), pal.axis_text);
        std::snprintf(buf, sizeof buf, "%g%s", std::round(x * 100) / 100, x_unit ? x_unit : "");
        f.dl->AddText(ImVec2(sx - ImGui::CalcTextSize(buf).x * 0.5f, f.max.y + 2), pal.axis_text, buf);
    }
    if (y_label) {
        f.dl->AddText(nullptr, 0.0f, ImVec2(p.x, p.y), pal.axis_text, tr(y_label), nullptr, size.x);
        f.title_left = p.x;
        f.title_right = p.x + ImGui::CalcTextSize(tr(y_label), nullptr, false, size.x).x;
        f.title = tr(y_label);
    }
    f.dl->PushClipRect(f.min, f.max, true);
    return f;
}

void end_plot(PlotFrame& f) {
    f.dl->PopClipRect();
    f.dl->AddRect(f.min, f.max, palette().axis_text);
}

void plot_band(const PlotFrame& f, double a, double b, ImU32 color) {
    f.dl->AddRectFilled(ImVec2(f.x_px(a), f.min.y), ImVec2(f.x_px(b), f.max.y), color);
}

void plot_line(const PlotFrame& f, int n, const std::function<ImVec2(int)>& point, ImU32 color, float thickness) {
    if (n <= 0) return;
    // Decimate to about two points per pixel column so long runs stay cheap.
    const int cols = std::max(1, static_cast<int>(f.max.x - f.min.x));
    const int stride = std::max(1, n / (2 * cols));
    ImVec2 prev = point(0);
    ImVec2 prev_s = f.to_screen(prev.x, prev.y);
    for (int i = stride; i < n + stride - 1; i += stride) {
        const int k = std::min(i, n - 1);
        const ImVec2 p = point(k);
        const ImVec2 s = f.to_screen(p.x, p.y);
        f.dl->AddLine(prev_s, s, color, thickness);
        prev_s = s;
        if (k == n - 1) break;
    }
    if (n == 1) f.dl->AddCircleFilled(prev_s, thickness * 1.5f, color);
}

void plot_bar(const PlotFrame& f, double x, double width, double y, ImU32 color) {
    const ImVec2 a = f.to_screen(x - width / 2, std::max(f.y0, 0.0));
    const ImVec2 b = f.to_screen(x + width / 2, y);
    f.dl->AddRectFilled(ImVec2(a.x, std::min(a.y, b.y)), ImVec2(b.x, std::max(a.y, b.y)), color);
}

void plot_marker(const PlotFrame& f, double x, const char* label, ImU32 color) {
    const float sx = f.x_px(x);
    if (sx < f.min.x - 1 || sx > f.max.x + 1) return;
    const float fs = ImGui::GetFontSize();
    f.dl->AddLine(ImVec2(sx, f.min.y), ImVec2(sx, f.max.y), color, std::max(2.0f, fs * 0.12f));
    if (!label || !*label) return;
    const float pad = fs * 0.2f;
    // Wider than the plot (a narrow plot on a projector): wrapped onto more lines, never cut.
    const float room = std::max(fs, f.max.x - f.min.x - pad * 2);
    ImVec2 ts = ImGui::CalcTextSize(label);
    const float wrap = ts.x > room ? room : 0.0f;
    if (wrap > 0) ts = ImGui::CalcTextSize(label, nullptr, false, wrap);
    float lx = sx + pad * 2;
    if (lx + ts.x + pad > f.max.x) lx = std::max(f.min.x + pad, sx - pad * 2 - ts.x); // no room on the right
    const float ly = f.min.y + pad;
    f.dl->AddRectFilled(ImVec2(lx - pad, ly - pad * 0.5f), ImVec2(lx + ts.x + pad, ly + ts.y + pad * 0.5f),
                        palette().lane_bg_odd, pad);
    f.dl->AddRect(ImVec2(lx - pad, ly - pad * 0.5f), ImVec2(lx + ts.x + pad, ly + ts.y + pad * 0.5f), color, pad);
    f.dl->AddText(nullptr, 0.0f, ImVec2(lx, ly), color, label, nullptr, wrap);
}

void plot_legend(const PlotFrame& f, std::initializer_list<std::pair<const char*, ImU32>> items) {
    // Right-aligned in the row above the plotting area, so it never hides a line; when the
    // title leaves no room there, in the plot's top-right corner on a chip, in as many lines as
    // its width needs (a narrow plot at the projector scale, a long Chinese title).
    const float fs = ImGui::GetFontSize();
    const float pad = fs * 0.2f;
    auto item_w = [fs](const char* label) { return fs * 1.3f + ImGui::CalcTextSize(tr(label)).x; };
    float total = 0;
    for (const auto& item : items) total += item_w(item.first) + fs * 0.6f;
    total -= fs * 0.6f;
    const bool above = f.title_right <= 0 || f.legend_row || f.title_right + fs * 0.6f <= f.max.x - total;
    // Inside, the chip may reach over the y axis's numbers: a very narrow plot still names its lines.
    const float room = f.legend_row ? f.max.x - f.left : above ? f.max.x - f.min.x : f.max.x - f.left - pad * 4;
    // Lines of items, each as wide as it can be.
    std::vector<std::vector<std::pair<const char*, ImU32>>> lines(1);
    std::vector<float> widths(1, 0.0f);
    for (const auto& item : items) {
        const float w = item_w(item.first);
        if (!lines.back().empty() && widths.back() + fs * 0.6f + w > room) {
            lines.emplace_back();
            widths.push_back(0);
        }
        widths.back() += (lines.back().empty() ? 0 : fs * 0.6f) + w;
        lines.back().push_back(item);
        // Cut only past the frame: inside the plot, a chip wider than `room` reaches over the
        // y axis's numbers but shows whole.
        audit_report("plot legend", tr(item.first), w, above || f.legend_row ? room : f.max.x - pad * 2 - f.min.x);
    }
    float widest = 0;
    for (float w : widths) widest = std::max(widest, w);
    const float line_h = fs * 1.15f;
    const float right = above ? f.max.x : f.max.x - pad * 2;
    // (Its own row clears the top y number, which sits across the plot's top edge.)
    float y = f.legend_row ? f.min.y - fs * 1.6f : above ? f.min.y - fs * 1.15f : f.min.y + pad * 2;
    f.dl->PushClipRectFullScreen();
    if (!above)
        f.dl->AddRectFilled(ImVec2(right - widest - pad, y - pad), ImVec2(right + pad, y + line_h * static_cast<float>(lines.size()) + pad),
                            palette().lane_bg_odd, pad);
    for (const auto& line : lines) {
        float x = right - widest;
        for (const auto& [label, col] : line) {
            f.dl->AddRectFilled(ImVec2(x, y + fs * 0.3f), ImVec2(x + fs, y + fs * 0.7f), col);
            x += fs * 1.3f;
            f.dl->AddText(ImVec2(x, y), palette().text, tr(label));
            x += ImGui::CalcTextSize(tr(label)).x + fs * 0.6f;
        }
        y += line_h;
    }
    f.dl->PopClipRect();
}

} // namespace tl::ui
