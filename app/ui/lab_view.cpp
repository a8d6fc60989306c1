// [SECTION] index
// - construction, lessons and demos
// - keys
// - menu and status bar
// - the three columns: lessons, demo, parameters
#include "app/ui/lab_view.hpp"

#include <algorithm>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/ui/markdown.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "core/demo/registry.hpp"

namespace tl::ui {

// GLFW key codes (ImGui 1.86 indexes io.KeysDown by the backend's codes).
constexpr int kKeyF11 = 300, kKeyPageUp = 266, kKeyPageDown = 267;

// [SECTION] construction, lessons and demos

LabView::LabView(Settings settings, std::string settings_path)
    : settings_(settings), settings_path_(std::move(settings_path)), lessons_(builtin_lessons()) {
    apply_settings(false);
    if (!lessons_.empty()) select_lesson(0);
}

LabView::~LabView() {
    for (auto& [id, s] : demos_) s.demo->stop();
}

LabView::DemoSlot* LabView::slot() {
    if (lesson_ >= lessons_.size()) return nullptr;
    const std::string& id = lessons_[lesson_].demo;
    if (id.empty()) return nullptr;
    auto it = demos_.find(id);
    if (it == demos_.end()) {
        auto demo = make_demo(id);
        if (!demo) return nullptr;
        DemoSlot s;
        s.view = make_demo_view(*demo);
        s.demo = std::move(demo);
        it = demos_.emplace(id, std::move(s)).first;
    }
    return &it->second;
}

Demo* LabView::current_demo() {
    DemoSlot* s = slot();
    return s ? s->demo.get() : nullptr;
}

void LabView::select_lesson(std::size_t index) {
    if (index >= lessons_.size()) return;
    if (Demo* d = current_demo()) d->stop();
    lesson_ = index;
    Demo* d = current_demo();
    if (!d) return;
    // A lesson's preset starts from the demo's defaults so earlier lessons leave no trace.
    d->params().reset_defaults();
    for (const auto& [key, value] : lessons_[index].preset) {
        std::string err;
        if (!d->set_param_text(key, value, &err)) status_ = "Lesson preset: " + err;
    }
}

bool LabView::select(const std::string& id) {
    for (std::size_t i = 0; i < lessons_.size(); ++i)
        if (lessons_[i].id == id || lessons_[i].demo == id) {
            select_lesson(i);
            return true;
        }
    return false;
}

void LabView::start() {
    if (DemoSlot* s = slot()) {
        s->demo->start();
        s->timeline = TimelineViewState{};
        s->timeline.width = 2'000'000'000;
    }
}

void LabView::stop() {
    if (Demo* d = current_demo()) d->stop();
}

void LabView::apply_settings(bool rebuild_fonts) {
    apply_theme(settings_.theme, settings_.scale);
    font_rebuild_ = rebuild_fonts;
    std::string err;
    if (!settings_path_.empty() && rebuild_fonts && !save_settings(settings_, settings_path_, &err)) status_ = err;
}

// [SECTION] keys

void LabView::handle_keys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    DemoSlot* s = slot();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false) && s) {
        if (s->demo->running()) s->demo->stop();
        else start();
    }
    if (ImGui::IsKeyPressed('R', false) && s) s->demo->reset();
    if (ImGui::IsKeyPressed(kKeyF11, false)) fullscreen_toggle_ = true;
    if (ImGui::IsKeyPressed(kKeyPageDown, false) && lesson_ + 1 < lessons_.size()) select_lesson(lesson_ + 1);
    if (ImGui::IsKeyPressed(kKeyPageUp, false) && lesson_ > 0) select_lesson(lesson_ - 1);
    if (io.KeyCtrl && (ImGui::IsKeyPressed('=', false) || ImGui::IsKeyPressed(334 /* keypad + */, false))) {
        settings_.scale = std::min(Settings::kMaxScale, settings_.scale + 0.25f);
        apply_settings(true);
    }
    if (io.KeyCtrl && (ImGui::IsKeyPressed('-', false) || ImGui::IsKeyPressed(333 /* keypad - */, false))) {
        settings_.scale = std::max(Settings::kMinScale, settings_.scale - 0.25f);
        apply_settings(true);
    }
    if (s) s->view->handle_keys(*s->demo);
}

// [SECTION] menu and status bar

void LabView::draw_menu() {
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("Lab")) {
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Dark theme", nullptr, settings_.theme == ThemeId::Dark)) {
            settings_.theme = ThemeId::Dark;
            apply_settings(true);
        }
        if (ImGui::MenuItem("Light high-contrast theme", nullptr, settings_.theme == ThemeId::Light)) {
            settings_.theme = ThemeId::Light;
            apply_settings(true);
        }
        ImGui::Separator();
        for (float sc : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f}) {
            char label[48];
            std::snprintf(label, sizeof label, "Scale %.0f%%%s", sc * 100, sc == Settings::kProjectorScale ? " (projector)" : "");
            if (ImGui::MenuItem(label, nullptr, settings_.scale == sc)) {
                settings_.scale = sc;
                apply_settings(true);
            }
        }
        ImGui::Separator();
        ImGui::MenuItem("Parameters panel", nullptr, &show_params_);
        if (ImGui::MenuItem("Full screen", "F11")) fullscreen_toggle_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::TextUnformatted("Space  start / stop\nR      reset\nL      lock switch\nPgUp / PgDn  lessons\n"
                               "Ctrl +/-  text size\nF11    full screen\n\nTimeline: wheel zooms, drag pans,\n"
                               "double-click shows everything, Shift+wheel scrolls lanes.");
        ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
}

void LabView::draw_status_bar() {
    const Palette& pal = palette();
    Demo* d = current_demo();
    std::string line;
    if (d) {
        if (d->overflow() > 0)
            line += std::to_string(d->overflow()) + " trace events dropped (ring buffers full)   ";
        for (const auto& e : d->errors()) line += "thread error: " + e + "   ";
    }
    ImGui::Separator();
    if (!status_.empty()) {
        ImGui::TextColored(ImColor(pal.bad), "%s", status_.c_str());
        ImGui::SameLine();
    }
    if (!line.empty()) ImGui::TextColored(ImColor(pal.bad), "%s", line.c_str());
    else ImGui::TextColored(ImColor(pal.text_dim), "Space start/stop   R reset   L lock   wheel zoom, drag pan");
}

// [SECTION] columns

void LabView::draw_lessons(float width, float height) {
    ImGui::BeginChild("lessons", ImVec2(width, height), true);
    ImGui::TextColored(ImColor(palette().text_dim), "LESSONS");
    for (std::size_t i = 0; i < lessons_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(lessons_[i].title.en.c_str(), i == lesson_)) select_lesson(i);
        ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::BeginChild("lesson_text");
    if (lesson_ < lessons_.size()) render_markdown(lessons_[lesson_].body.en);
    ImGui::EndChild();
    ImGui::EndChild();
}

void LabView::draw_demo(float width, float height) {
    ImGui::BeginChild("demo", ImVec2(width, height), true);
    DemoSlot* s = slot();
    if (!s) {
        ImGui::TextUnformatted("This lesson has no demo.");
        ImGui::EndChild();
        return;
    }
    Demo& d = *s->demo;
    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();
    ImFont* large = fonts().large ? fonts().large : ImGui::GetFont();
    // Toolbar.
    ImGui::PushFont(large);
    const bool running = d.running();
    if (colored_button(running ? "Stop" : "Start", running ? pal.bad : pal.good)) {
        if (running) d.stop();
        else start();
    }
    ImGui::SameLine();
    if (ImGui::Button("Reset")) d.reset();
    ImGui::PopFont();
    ImGui::SameLine();
    s->view->draw_toolbar(d);
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(d.title().c_str());
    ImGui::TextColored(ImColor(running ? pal.good : pal.text_dim), "%s", running ? "running" : d.started() ? "finished" : "ready");
    ImGui::EndGroup();

    const std::string banner = s->view->banner(d);
    if (!banner.empty()) {
        const bool fits = large->CalcTextSizeA(large->FontSize, FLT_MAX, 0, banner.c_str()).x < ImGui::GetContentRegionAvail().x;
        ImGui::PushFont(fits ? large : ImGui::GetFont());
        ImGui::TextColored(ImColor(pal.bad), "%s", banner.c_str());
        ImGui::PopFont();
    }
    metric_row(d);
    draw_timeline_legend(d.timeline());
    const float rest = ImGui::GetContentRegionAvail().y;
    const float panel_h = std::max(fs * 6, rest * s->view->panel_fraction());
    const DemoView* view = s->view.get();
    draw_timeline("timeline", d.timeline(), s->timeline, ImVec2(0, rest - panel_h - ImGui::GetStyle().ItemSpacing.y),
                  [view](ThreadState st, std::uint32_t obj) { return view->object_name(st, obj); });
    s->view->draw_panel(d, ImVec2(ImGui::GetContentRegionAvail().x, panel_h));
    ImGui::EndChild();
}

void LabView::draw_params(float width, float height) {
    ImGui::BeginChild("params", ImVec2(width, height), true);
    ImGui::TextColored(ImColor(palette().text_dim), "PARAMETERS");
    if (Demo* d = current_demo()) {
        param_panel(*d);
        ImGui::Spacing();
        float slow = static_cast<float>(d->time_scale());
        ImGui::TextUnformatted("Slow motion");
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderFloat("##slow", &slow, 1.0f, 20.0f, "x%.1f", ImGuiSliderFlags_Logarithmic)) d->set_time_scale(slow);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stretches every think, eat and work time so a class can follow");
    }
    ImGui::EndChild();
}

void LabView::frame() {
    if (Demo* d = current_demo()) d->poll();
    handle_keys();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("ThreadLab", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
    draw_menu();
    const float fs = ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = avail.y - status_h;
    const float left = std::clamp(avail.x * 0.2f, fs * 9, fs * 18);
    const float right = show_params_ ? std::clamp(avail.x * 0.18f, fs * 8, fs * 14) : 0;
    draw_lessons(left, h);
    ImGui::SameLine();
    draw_demo(avail.x - left - right - gap * (show_params_ ? 2 : 1), h);
    if (show_params_) {
        ImGui::SameLine();
        draw_params(right, h);
    }
    draw_status_bar();
    ImGui::End();
}

} // namespace tl::ui
