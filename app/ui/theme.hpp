// Themes: the ImGui style plus one palette for everything the lab draws itself (one colour per
// thread state, markers, plot series). Dark for a screen, high-contrast light for a projector.
#pragma once
#include <imgui.h>

#include "core/trace/event.hpp"

namespace tl::ui {

enum class ThemeId { Dark = 0, Light = 1 };

struct Palette {
    ImU32 state[static_cast<int>(ThreadState::Count)] = {};
    ImU32 lost_update = 0;
    ImU32 deadlock = 0;
    ImU32 note = 0;
    ImU32 lane_bg_even = 0, lane_bg_odd = 0;
    ImU32 grid = 0, axis_text = 0;
    ImU32 expected = 0, actual = 0, lost = 0;
    ImU32 lock_on_band = 0, lock_off_band = 0;
    ImU32 good = 0, bad = 0; ///< lock on / lock off, balanced / broken
    ImU32 text = 0, text_dim = 0;

    ImU32 of(ThreadState s) const { return state[static_cast<int>(s)]; }
};

/// Sets ImGui's style colours and sizes for the theme at this UI scale; returns the palette.
const Palette& apply_theme(ThemeId id, float scale);
const Palette& palette();
const char* theme_name(ThemeId id);

} // namespace tl::ui
