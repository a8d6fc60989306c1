// The lab's one window: lessons on the left, the live demo in the centre (toolbar, metric cards,
// timeline, the demo's own panel), its parameters on the right. Knows nothing of GLFW or OpenGL,
// so headless tests can draw it. Presentation mode (F5) is the classroom set-up in one key: full
// screen, projector scale, the light high-contrast theme, side panels hidden, slow motion on
// the toolbar; PageUp / PageDown step through the lessons.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/ui/code_panel.hpp"
#include "app/ui/demo_view.hpp"
#include "app/ui/explore_panel.hpp"
#include "app/ui/export_menu.hpp"
#include "app/ui/lesson_panel.hpp"
#include "app/ui/settings.hpp"
#include "app/ui/side_panels.hpp"
#include "app/ui/step_control.hpp"
#include "app/ui/timeline_view.hpp"
#include "core/demo/demo.hpp"
#include "core/lessons/lesson.hpp"

namespace tl::ui {

class LabView {
public:
    /// `lessons_dir` "" = find_lessons_dir(); `progress_path` "" = progress not saved.
    LabView(Settings settings, std::string settings_path, std::string lessons_dir = "", std::string progress_path = "");
    ~LabView();

    /// Polls the current demo and draws one frame of the whole window (between NewFrame and Render).
    void frame();

    /// Selects the first lesson that embeds `demo_id` (or with that lesson id); false if none.
    bool select(const std::string& id);
    Demo* current_demo();
    /// Opens demo `id` with its default parameters, beside the lesson that shows it closest to
    /// them; false when no lesson shows it.
    bool open_demo(const std::string& id);
    void start();
    /// Starts the current demo with this schedule (a lesson's saved one), whatever the combo says.
    void start_with(ScheduleConfig cfg);
    void stop();
    /// The current demo's step-mode controls (schedule combo, stepping, undo...); null without a demo.
    StepControl* step_control();

    const Settings& settings() const { return settings_; }
    /// The scale the fonts are built for: the settings', times Picture's 2x while it draws.
    float font_scale() const { return settings_.scale * picture_factor_; }
    /// Set when the UI scale changed: the window rebuilds the font atlas, then clears it.
    bool font_rebuild_requested() const { return font_rebuild_; }
    void font_rebuilt() { font_rebuild_ = false; }
    bool fullscreen_requested() const { return fullscreen_toggle_; }
    void fullscreen_done() { fullscreen_toggle_ = false; }
    bool quit_requested() const { return quit_; }
    void set_status(std::string s) { status_ = std::move(s); }

    const LessonPanel& lessons() const { return lessons_; }
    /// Opens lesson i (stops the running demo, applies the lesson's preset, marks it visited).
    void select_lesson(std::size_t index);
    /// Applies experiment i of the current lesson to its demo and marks it tried. A running demo
    /// takes live parameters at once; otherwise it is restarted so the change shows.
    bool apply_experiment(std::size_t i);
    /// Challenge i of the current lesson: the lesson's preset and the challenge's on a stopped
    /// demo, then a new run in step mode; its runs are judged each frame.
    bool try_challenge(std::size_t i);
    void set_language(Lang l);
    /// F5: full screen, projector scale, light theme, side panels hidden; again to leave.
    void toggle_presentation();
    bool presenting() const { return presenting_; }
    bool lessons_panel_visible() const { return show_lessons_; }
    bool params_panel_visible() const { return show_params_; }
    /// How the last frame placed the lesson and parameter panels (narrow windows fold them).
    SideMode side_mode() const { return side_mode_; }
    /// Shows the demo, the lesson or the parameters: the page in Pages mode, the side column's
    /// tab in Tabbed mode (Demo: the lesson tab). The choice is kept until changed.
    void show_page(SidePage p);
    /// The current demo's code panel (predict first...), or null.
    CodePanel* code_panel();
    /// The Explore window (every interleaving of the demo on screen).
    ExplorePanel& explorer() { return explore_; }
    /// Export > Trace / Data / Save run: the current demo's run to `path`; the outcome on the status bar.
    bool export_run(ExportMenu::Kind kind, const std::string& path);
    /// Export > Open run (and --open-run): opens the file's demo and shows the run as recorded,
    /// nothing running; false with the problem on the status bar (the lab goes on as it was).
    bool open_run(const std::string& path);

    // [SECTION] Pause (P): the picture frozen to talk over it, the threads still running
    /// Freezes or unfreezes what the demo area shows. The threads go on (the run is still
    /// polled, so nothing is lost); Resume shows the run as it is by then.
    void toggle_freeze();
    bool picture_frozen() const;
    /// Export > Picture asked for one: the window writes it (it owns the pixels), once.
    std::optional<PictureRequest> take_picture_request() { return export_.take_picture_request(); }
    /// Where the last frame drew the timeline and the demo's panel (window pixels, for Picture).
    struct Rect {
        float x = 0, y = 0, w = 0, h = 0;
    };
    Rect timeline_rect() const { return timeline_rect_; }
    Rect panel_rect() const { return panel_rect_; }
    /// Picture at 2x: the lab drawn at `factor` times its scale (and in the light theme), for the
    /// frames the window renders offscreen; 1 and false restore it. The window rebuilds the fonts.
    void set_picture_mode(float factor, bool light);
    /// The window wrote Export > Picture's file: says so on the status bar.
    void picture_written(const std::string& path);
    const std::string& status() const { return status_; }

private:
    struct DemoSlot {
        std::unique_ptr<Demo> demo;
        std::unique_ptr<DemoView> view;
        TimelineViewState timeline;
        CodePanel code; ///< step mode's code beside the threads, and its prediction
        StepControl step;
        float toolbar_w = 0; ///< the view's toolbar buttons, as wide as last drawn
        // Pause: a copy of the run as it was when frozen (through the saved-run path), drawn
        // instead of the live demo; or, for a demo whose runs cannot be saved, its timeline only.
        bool frozen = false;
        std::unique_ptr<Demo> frozen_demo;
        std::unique_ptr<DemoView> frozen_view;
        Timeline frozen_timeline;
    };
    DemoSlot* slot();
    void unfreeze(DemoSlot& s);
    void apply_settings(bool rebuild_fonts);
    void save_user_settings();
    void poll_lessons();
    void handle_keys();
    void draw_menu();
    void draw_presentation_bar();
    void draw_slow_motion(Demo& d, float width);
    void draw_demo(float width, float height);
    void draw_params(float width, float height);
    void draw_lessons(float width, float height);
    /// Tabbed mode's side column; Pages mode's strip and page (app/ui/side_panels.hpp).
    void draw_side_tabs(float width, float height);
    void draw_pages(float width, float height);
    void draw_status_bar();
    /// The status bar's lines (a message, then the keys or the run's errors) and their colours.
    std::vector<std::pair<std::string, ImU32>> status_lines();
    float status_height(float width);
    std::string key_help(const Demo* d);

    Settings settings_;
    std::string settings_path_;
    LessonPanel lessons_;
    std::map<std::string, DemoSlot> demos_;
    std::string status_;
    bool font_rebuild_ = false, fullscreen_toggle_ = false, quit_ = false;
    bool show_params_ = true;
    bool show_lessons_ = true;
    SideMode side_mode_ = SideMode::Columns;
    SidePage page_ = SidePage::Demo;      ///< Pages mode: what the centre shows
    SidePage side_tab_ = SidePage::Lesson; ///< Tabbed mode: the side column's tab
    bool page_request_ = false;           ///< select page_ / side_tab_'s tab on the next frame
    // Presentation mode, and what it replaced (restored on leaving).
    bool presenting_ = false;
    bool fullscreen_on_ = false; ///< mirrors the window's state (every toggle flips it)
    struct Saved {
        float scale = 1;
        ThemeId theme = ThemeId::Dark;
        bool show_params = true, show_lessons = true, fullscreen = false;
    } before_presenting_;
    Rect timeline_rect_, panel_rect_;
    float picture_factor_ = 1;
    ExportMenu export_;
    ExplorePanel explore_; ///< last: its search is cancelled and joined before the demos go
};

} // namespace tl::ui
