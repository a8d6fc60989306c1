// Widgets every view shares: metric cards, the big on/off switch, the parameter panel.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/layout_audit.hpp"
#include "core/demo/demo.hpp"

namespace tl::ui {

/// A card with a small label (wrapped inside) over a large number, in `color` (0 = text colour).
/// `height` 0 = as tall as this label needs; `value_font` null = large when the number fits.
void metric_card(const char* label, const char* value, ImU32 color, float width, float height = 0,
                 ImFont* value_font = nullptr);
/// The height metric_card needs for `label` at `width` with numbers in `value_font`.
float metric_card_height(const char* label, float width, ImFont* value_font);
/// The generic row of cards for demo.metrics() (more rows when they would not fit); the cards
/// of `hidden` keys show "?".
void metric_row(const Demo& demo, const std::vector<std::string>& hidden = {});

/// A large switch: "LOCK: ON" on a green button / "LOCK: OFF" on a red one. Returns true when clicked.
bool big_switch(const char* id, const char* on_text, const char* off_text, bool on, const char* shortcut);

/// One control per parameter (slider, checkbox, combo). Parameters that are not `live` are
/// disabled while the demo runs. Returns true when something changed.
bool param_panel(Demo& demo);
/// The big switch of every parameter marked as a toolbar switch (the lock); true when it drew one.
bool toolbar_switches(Demo& demo);
/// Their keyboard shortcuts (L flips the lock).
void toolbar_switch_keys(Demo& demo);

/// A coloured button; returns true when pressed.
bool colored_button(const char* label, ImU32 color, ImVec2 size = ImVec2(0, 0));
/// ImGui::Button whose label the layout audit checks (a label that does not fit is a cut text).
bool button(const char* label, ImVec2 size = ImVec2(0, 0));
/// Before a button labelled `label` (in the current font): on the same line as the last item when
/// it fits there, else on the next line. A toolbar wraps instead of running off the window.
void same_line_if_fits(const char* label);

} // namespace tl::ui
