// A Dear ImGui context with no GPU: enough to run frames, draw widgets and count vertices.
#pragma once
#include <imgui.h>

#include "app/ui/fonts.hpp"
#include "app/ui/theme.hpp"

namespace tl::test {

struct HeadlessImGui {
    explicit HeadlessImGui(float w = 1280, float h = 720, float font_px = 18) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        // As the OpenGL3 backend does: meshes over 64k vertices are split, not rejected.
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
        io.DisplaySize = ImVec2(w, h);
        io.DeltaTime = 1.0f / 60.0f;
        ui::rebuild_fonts(font_px);
        unsigned char* pixels = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        ui::apply_theme(ui::ThemeId::Dark, 1.0f);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    void new_frame() { ImGui::NewFrame(); }
    /// Ends the frame; returns the total vertex count of what was drawn.
    int render() {
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }
};

} // namespace tl::test
