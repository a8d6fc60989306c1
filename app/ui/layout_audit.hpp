// The layout audit: widgets that had to cut, elide or squeeze a text say so here, so
// `threadlab --check-layout` can list every text that did not fit (issue 13). Off by default:
// the lab window pays one branch per report site; the checker switches it on.
//
//   if (needed > room) audit_report("metric card", label, needed, room);
//   audit_item("pool headline", text);   // after ImGui::Text...: the item against its window
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tl::ui {

/// One text that did not fit: where (a widget or window), the text, and the widths in pixels.
struct AuditEntry {
    std::string where;
    std::string text;
    float needed = 0, available = 0;
};

void audit_enable(bool on);
bool audit_enabled();
/// Records a text that needed `needed` px but had `available` (only while enabled).
void audit_report(std::string_view where, std::string_view text, float needed, float available);
/// After an ImGui text item: reports it when it runs past the right edge of what clips it
/// (its window, table cell or child). A window that scrolls sideways cuts nothing.
void audit_item(std::string_view where, std::string_view text);
/// After an ImGui button or combo: its label (before any "##") must show whole, inside the
/// button and inside what clips it; else it is reported as a cut text.
void audit_button(std::string_view where, const char* label);
/// Once a frame, after the lab is drawn: every window or child whose content runs past its
/// bottom with no scrollbar to reach it is reported (the vertical audit).
void audit_windows();
/// The `where` of what audit_windows reports.
inline constexpr std::string_view kCutAtBottom = "cut at the bottom";
/// The entries since the last take, without repeats (same where and text: the widest kept).
std::vector<AuditEntry> audit_take();

} // namespace tl::ui
