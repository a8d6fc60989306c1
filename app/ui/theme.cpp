#include "app/ui/theme.hpp"

namespace tl::ui {

static Palette g_palette;

static Palette make_palette(ThemeId id) {
    Palette p;
    const bool dark = id == ThemeId::Dark;
    auto set = [&](StateTone t, ImU32 c) { p.tone[static_cast<int>(t)] = c; };
    // running green, waiting red, holding blue, sleeping grey, blocked purple (DESIGN.md 4)
    set(StateTone::None, IM_COL32(0, 0, 0, 0));
    set(StateTone::Running, dark ? IM_COL32(60, 190, 90, 255) : IM_COL32(20, 140, 50, 255));
    set(StateTone::Ready, dark ? IM_COL32(190, 210, 80, 255) : IM_COL32(120, 140, 0, 255));
    set(StateTone::Waiting, dark ? IM_COL32(235, 70, 60, 255) : IM_COL32(200, 30, 30, 255));
    set(StateTone::Holding, dark ? IM_COL32(70, 140, 245, 255) : IM_COL32(20, 80, 210, 255));
    set(StateTone::Sleeping, dark ? IM_COL32(120, 124, 132, 255) : IM_COL32(150, 150, 150, 255));
    set(StateTone::Blocked, dark ? IM_COL32(180, 100, 230, 255) : IM_COL32(130, 50, 180, 255));
    set(StateTone::Blocked2, dark ? IM_COL32(140, 90, 200, 255) : IM_COL32(100, 40, 150, 255));
    set(StateTone::Working, dark ? IM_COL32(240, 170, 50, 255) : IM_COL32(210, 130, 0, 255));
    set(StateTone::Accent, dark ? IM_COL32(90, 200, 200, 255) : IM_COL32(0, 130, 130, 255));
    set(StateTone::Accent2, dark ? IM_COL32(240, 120, 190, 255) : IM_COL32(190, 40, 120, 255));
    p.lost_update = dark ? IM_COL32(255, 80, 80, 255) : IM_COL32(220, 0, 0, 255);
    p.deadlock = dark ? IM_COL32(255, 60, 200, 255) : IM_COL32(200, 0, 150, 255);
    p.note = dark ? IM_COL32(250, 250, 250, 255) : IM_COL32(20, 20, 20, 255);
    p.lane_bg_even = dark ? IM_COL32(32, 34, 40, 255) : IM_COL32(250, 250, 250, 255);
    p.lane_bg_odd = dark ? IM_COL32(40, 42, 50, 255) : IM_COL32(236, 236, 240, 255);
    p.grid = dark ? IM_COL32(90, 90, 100, 120) : IM_COL32(120, 120, 130, 110);
    p.axis_text = dark ? IM_COL32(200, 200, 205, 255) : IM_COL32(30, 30, 30, 255);
    p.expected = dark ? IM_COL32(90, 200, 255, 255) : IM_COL32(0, 90, 200, 255);
    p.actual = dark ? IM_COL32(255, 200, 60, 255) : IM_COL32(210, 110, 0, 255);
    p.lost = p.lost_update;
    p.lock_on_band = dark ? IM_COL32(60, 190, 90, 40) : IM_COL32(20, 160, 60, 40);
    p.lock_off_band = dark ? IM_COL32(235, 70, 60, 40) : IM_COL32(220, 30, 30, 34);
    p.good = dark ? IM_COL32(60, 200, 100, 255) : IM_COL32(0, 130, 40, 255);
    p.bad = dark ? IM_COL32(240, 80, 70, 255) : IM_COL32(200, 20, 20, 255);
    p.text = dark ? IM_COL32(235, 235, 240, 255) : IM_COL32(10, 10, 10, 255);
    p.text_dim = dark ? IM_COL32(160, 160, 170, 255) : IM_COL32(80, 80, 80, 255);
    return p;
}

const Palette& apply_theme(ThemeId id, float scale) {
    ImGuiStyle style;
    if (id == ThemeId::Dark) {
        ImGui::StyleColorsDark(&style);
    } else {
        ImGui::StyleColorsLight(&style);
        // High contrast for a projector: black text, stronger borders and frames.
        style.Colors[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
        style.Colors[ImGuiCol_Border] = ImVec4(0.25f, 0.25f, 0.3f, 0.8f);
        style.Colors[ImGuiCol_FrameBg] = ImVec4(0.88f, 0.89f, 0.92f, 1);
        style.Colors[ImGuiCol_Button] = ImVec4(0.80f, 0.84f, 0.92f, 1);
        style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.65f, 0.75f, 0.95f, 1);
        style.Colors[ImGuiCol_Header] = ImVec4(0.70f, 0.80f, 0.97f, 1);
        style.FrameBorderSize = 1.0f;
    }
    style.WindowRounding = 4;
    style.FrameRounding = 4;
    style.GrabRounding = 4;
    style.WindowBorderSize = 1;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    g_palette = make_palette(id);
    return g_palette;
}

const Palette& palette() { return g_palette; }

const char* theme_name(ThemeId id) { return id == ThemeId::Dark ? "dark" : "light"; }

} // namespace tl::ui
