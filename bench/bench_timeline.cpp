// Building one timeline frame with 1,000,000 spans in view (CPU time and vertices), headless.
#include <benchmark/benchmark.h>

#ifdef THREADLAB_BENCH_UI
#include <imgui.h>

#include "app/ui/theme.hpp"
#include "app/ui/timeline_view.hpp"

using namespace tl;

static Timeline million_spans(int lanes) {
    Timeline t;
    const int per_lane = 1'000'000 / lanes;
    for (int l = 0; l < lanes; ++l) {
        t.set_lane_name(static_cast<std::uint16_t>(l), {"Thread {1}", l + 1});
        for (int i = 0; i < per_lane; ++i)
            t.add(Event{static_cast<Nanos>(i) * 1000, 0, 1, static_cast<std::uint16_t>(l), EventKind::State,
                        static_cast<std::uint8_t>(1 + (i * 7 + l) % 4)});
    }
    return t;
}

static void BM_TimelineFrame_1M(benchmark::State& state) {
    const int lanes = static_cast<int>(state.range(0));
    const Timeline t = million_spans(lanes);
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    // As the OpenGL3 backend does: meshes over 64k vertices are split, not rejected.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    io.DisplaySize = ImVec2(1920, 1080);
    io.DeltaTime = 1.0f / 60;
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    ui::apply_theme(ui::ThemeId::Dark, 1.0f);
    ui::TimelineViewState view;
    view.follow_live = false;
    view.t0 = t.first_ts();
    view.width = t.last_ts() - t.first_ts();
    int vertices = 0;
    for (auto _ : state) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("timeline");
        ui::draw_timeline("tl", t, view, ImVec2(1880, 1000));
        vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size;
        ImGui::End();
        ImGui::Render();
    }
    state.counters["vertices"] = vertices;
    state.counters["spans"] = static_cast<double>(t.span_count());
    ImGui::DestroyContext();
}
BENCHMARK(BM_TimelineFrame_1M)->Arg(1)->Arg(10)->Arg(50)->Unit(benchmark::kMillisecond);
#endif
