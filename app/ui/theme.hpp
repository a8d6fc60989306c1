// Themes: the ImGui style plus one palette for everything the lab draws itself (one colour per
// thread state, markers, plot series). Dark for a screen, high-contrast light for a projector.
#pragma once
#include <imgui.h>

#include "core/trace/event.hpp"

namespace tl::ui {

enum class ThemeId { Dark = 0, Light = 1 };

struct Palette {
    ImU32 tone[static_cast<int>(StateTone::Count)] = {}; ///< a colour per state tone
    ImU32 lost_update = 0;
    ImU32 deadlock = 0;
    ImU32 note = 0;
    ImU32 lane_bg_even = 0, lane_bg_odd = 0;
    ImU32 grid = 0, axis_text = 0;
    ImU32 expected = 0, actual = 0, lost = 0;
    ImU32 lock_on_band = 0, lock_off_band = 0;
    ImU32 good = 0, bad = 0; ///< lock on / lock off, balanced / broken
    ImU32 text = 0, text_dim = 0;

    ImU32 of(StateTone t) const { return tone[static_cast<int>(t)]; }
    /// A generic state's colour (its default tone).
    ImU32 of(ThreadState s) const { return of(default_state_style(s).tone); }
    /// A state's colour as the demo styles it.
    ImU32 of(const StateStyles& styles, ThreadState s) const { return of(styles[s].tone); }
};

/// Sets ImGui's style colours and sizes for the theme at this UI scale; returns the palette.
const Palette& apply_theme(ThemeId id, float scale);
const Palette& palette();
const char* theme_name(ThemeId id);

} // namespace tl::ui
