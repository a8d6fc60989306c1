#include "app/ui/side_panels.hpp"

#include <algorithm>

namespace tl::ui {

SideLayout plan_side_panels(float avail, float fs, float gap, bool lessons, bool params, float need_em) {
    const float need = fs * need_em;
    const float left = lessons ? std::clamp(avail * 0.24f, fs * 10, fs * 22) : 0;
    const float right = params ? std::clamp(avail * 0.18f, fs * 8, fs * 14) : 0;
    SideLayout out;
    const float gaps = gap * static_cast<float>((lessons ? 1 : 0) + (params ? 1 : 0));
    out.left = left;
    out.right = right;
    out.centre = avail - left - right - gaps;
    if (out.centre >= need || (!lessons && !params)) return out;
    // One column for both, as wide as the lesson column would be (its text needs it more).
    const float side = lessons ? left : right;
    if (avail - side - gap >= need) return {SideMode::Tabbed, side, 0, avail - side - gap};
    return {SideMode::Pages, 0, 0, avail};
}

} // namespace tl::ui
