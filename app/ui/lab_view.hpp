// The lab's one window: lessons on the left, the live demo in the centre (toolbar, metric cards,
// timeline, the demo's own panel), its parameters on the right. Knows nothing of GLFW or OpenGL,
// so headless tests can draw it.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/ui/demo_view.hpp"
#include "app/ui/settings.hpp"
#include "app/ui/timeline_view.hpp"
#include "core/demo/demo.hpp"
#include "core/lessons/lesson.hpp"

namespace tl::ui {

class LabView {
public:
    LabView(Settings settings, std::string settings_path);
    ~LabView();

    /// Polls the current demo and draws one frame of the whole window (between NewFrame and Render).
    void frame();

    /// Selects the first lesson that embeds `demo_id` (or with that lesson id); false if none.
    bool select(const std::string& id);
    Demo* current_demo();
    void start();
    void stop();

    const Settings& settings() const { return settings_; }
    /// Set when the UI scale changed: the window rebuilds the font atlas, then clears it.
    bool font_rebuild_requested() const { return font_rebuild_; }
    void font_rebuilt() { font_rebuild_ = false; }
    bool fullscreen_requested() const { return fullscreen_toggle_; }
    void fullscreen_done() { fullscreen_toggle_ = false; }
    bool quit_requested() const { return quit_; }
    void set_status(std::string s) { status_ = std::move(s); }

private:
    struct DemoSlot {
        std::unique_ptr<Demo> demo;
        std::unique_ptr<DemoView> view;
        TimelineViewState timeline;
    };
    DemoSlot* slot();
    void select_lesson(std::size_t index);
    void apply_settings(bool rebuild_fonts);
    void handle_keys();
    void draw_menu();
    void draw_lessons(float width, float height);
    void draw_demo(float width, float height);
    void draw_params(float width, float height);
    void draw_status_bar();

    Settings settings_;
    std::string settings_path_;
    std::vector<Lesson> lessons_;
    std::size_t lesson_ = 0;
    std::map<std::string, DemoSlot> demos_;
    std::string status_;
    bool font_rebuild_ = false, fullscreen_toggle_ = false, quit_ = false;
    bool show_params_ = true;
};

} // namespace tl::ui
