// The real window: GLFW + OpenGL 3 + Dear ImGui around the LabView, and screenshots.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/cli/param_change.hpp"
#include "app/ui/settings.hpp"

namespace tl {

struct GuiOptions {
    std::string screenshot;    ///< write a PNG after `frames` frames, then exit
    bool check_layout = false; ///< draw every demo and lesson, list each text cut, exit 1 if any
    int check_demo_ms = 1500;  ///< how long --check-layout runs each demo
    int frames = 60;
    int width = 1280, height = 720;
    std::string select;        ///< lesson id (or a demo id: the first lesson showing it) to open
    std::string demo;          ///< demo id to open with its defaults
    bool start = false;        ///< press Start once the window is up
    bool explore = false;      ///< open the Explore window and press its button once the window is up
    std::vector<ParamChange> changes; ///< --set (ms 0) and --at, in time order
    std::optional<float> scale;
    std::optional<ui::ThemeId> theme;
    std::string settings_path; ///< "" = the XDG default
    std::string lessons_dir;   ///< "" = find_lessons_dir()
    std::optional<Lang> language; ///< overrides the settings file's language
    bool present = false;      ///< start in presentation mode (F5)
    std::string open_run;      ///< a saved run to open (core/demo/run_file.hpp)
    /// --screenshot as Export > Picture writes it: 2x, light, one view (scale 1, dark, window:
    /// the plain framebuffer, as before).
    int picture_scale = 1;
    bool picture_light = false;
    std::string picture_part = "window"; ///< window, timeline or panel
    std::string schedule_ui;   ///< step mode, this schedule ("1 2 1 1 2") replayed once the window is up
};

/// Runs the window until it is closed (or the screenshot is written). Returns the exit status.
int run_gui(const GuiOptions& options);

/// Writes the current OpenGL framebuffer (width x height) to a PNG file.
bool write_framebuffer_png(const std::string& path, int width, int height, std::string* error);

} // namespace tl
