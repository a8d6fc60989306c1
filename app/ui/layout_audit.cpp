#include "app/ui/layout_audit.hpp"

#include <algorithm>
#include <map>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>

namespace tl::ui {

namespace {
bool g_enabled = false;
std::vector<AuditEntry> g_entries;
// Rounding and sub-pixel glyph advances: less than a pixel over is not a cut.
constexpr float kSlack = 1.0f;
std::map<ImGuiID, int> g_cut_frames; ///< frames in a row each window's content was cut
} // namespace

void audit_enable(bool on) {
    g_enabled = on;
    if (!on) {
        g_entries.clear();
        g_cut_frames.clear();
    }
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

void audit_button(std::string_view where, const char* label) {
    if (!g_enabled) return;
    const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
    if (!w || w->SkipItems || (w->Flags & ImGuiWindowFlags_HorizontalScrollbar)) return;
    const char* end = ImGui::FindRenderedTextEnd(label);
    if (end == label) return; // an icon-only button ("##id")
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const float needed = ImGui::CalcTextSize(label, end).x + ImGui::GetStyle().FramePadding.x * 2;
    const float room = std::min(max.x, w->ClipRect.Max.x) - min.x;
    audit_report(where, std::string_view(label, static_cast<std::size_t>(end - label)), needed, room);
}

void audit_windows() {
    if (!g_enabled) return;
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    for (const ImGuiWindow* w : g.Windows) {
        if (!w->Active || w->Hidden || w->ScrollbarY || (w->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)))
            continue;
        // What the window's items reach below the top of its inner area, against that area.
        const float content = w->ContentSize.y + w->WindowPadding.y * 2;
        const float visible = w->InnerRect.GetHeight();
        if (visible <= 0) continue;
        // ImGui decides the scrollbar on last frame's sizes: a window that shrank this frame
        // gets it a frame late. Only a cut that lasts a few frames counts.
        int& streak = g_cut_frames[w->ID];
        streak = content > visible + kSlack ? streak + 1 : 0;
        if (streak < 3) continue;
        std::string name = w->Name;
        if (const auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
        audit_report(kCutAtBottom, name, content, visible);
    }
}

std::vector<AuditEntry> audit_take() {
    std::vector<AuditEntry> out;
    out.swap(g_entries);
    return out;
}

} // namespace tl::ui
