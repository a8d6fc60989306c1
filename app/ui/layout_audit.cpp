#include "app/ui/layout_audit.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_internal.h>

namespace tl::ui {

namespace {
bool g_enabled = false;
std::vector<AuditEntry> g_entries;
// Rounding and sub-pixel glyph advances: less than a pixel over is not a cut.
constexpr float kSlack = 1.0f;
} // namespace

void audit_enable(bool on) {
    g_enabled = on;
    if (!on) g_entries.clear();
}

bool audit_enabled() { return g_enabled; }

void audit_report(std::string_view where, std::string_view text, float needed, float available) {
    if (!g_enabled || needed <= available + kSlack) return;
    for (AuditEntry& e : g_entries)
        if (e.where == where && e.text == text) {
            if (needed - available > e.needed - e.available) {
                e.needed = needed;
                e.available = available;
            }
            return;
        }
    g_entries.push_back({std::string(where), std::string(text), needed, available});
}

void audit_item(std::string_view where, std::string_view text) {
    if (!g_enabled) return;
    const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
    // A window drawing nothing (scrolled out of sight, collapsed) adds no item: the last item
    // would be the window itself.
    if (!w || w->SkipItems || (w->Flags & ImGuiWindowFlags_HorizontalScrollbar)) return;
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const float right = w->ClipRect.Max.x;
    audit_report(where, text, max.x - min.x, right - min.x);
}

std::vector<AuditEntry> audit_take() {
    std::vector<AuditEntry> out;
    out.swap(g_entries);
    return out;
}

} // namespace tl::ui
